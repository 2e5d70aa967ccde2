from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "ntm.reports"
    verbose_name = _("Báo cáo, văn bản")

    def ready(self) -> None:
        from ntm.jobs.models import Job
        from ntm.jobs.signals import job_interrupted
        from ntm.reports.services import _on_job_interrupted

        job_interrupted.connect(_on_job_interrupted, sender=Job, dispatch_uid="reports-release")
