from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "ntm.jobs"
    verbose_name = _("Tác vụ nền")

    def ready(self) -> None:
        from django_tasks.signals import task_started

        from ntm.jobs.recovery import recover_on_task_start

        # Each task a worker starts first fails the jobs of workers that died.
        task_started.connect(recover_on_task_start, dispatch_uid="jobs-recover")
