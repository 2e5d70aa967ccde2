from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def recompute_after_revision(sender: object, *, set_code: str, **kwargs: object) -> None:
    """A revised threshold changes verdicts: re-evaluate in the background."""
    # Imported here: models are not ready when this module is.
    from ntm.monitoring.evaluations import evaluations_recompute_later

    evaluations_recompute_later(set_code)


class MonitoringConfig(AppConfig):
    name = "ntm.monitoring"
    verbose_name = _("Theo dõi, đánh giá")

    def ready(self) -> None:
        from ntm.criteria.signals import threshold_revised

        threshold_revised.connect(
            recompute_after_revision, dispatch_uid="monitoring.recompute_after_revision"
        )
