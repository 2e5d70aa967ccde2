from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "ntm.exchange"
    verbose_name = _("Trao đổi dữ liệu Excel")

    def ready(self) -> None:
        from ntm.exchange.services import _on_job_interrupted
        from ntm.jobs.models import Job
        from ntm.jobs.signals import job_interrupted

        job_interrupted.connect(_on_job_interrupted, sender=Job, dispatch_uid="exchange-release")
