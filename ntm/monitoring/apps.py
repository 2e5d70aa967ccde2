from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "ntm.monitoring"
    verbose_name = _("Theo dõi, đánh giá")

    def ready(self) -> None:
        from ntm.criteria.services import THRESHOLD_LISTENERS
        from ntm.monitoring.evaluations import evaluations_recompute_later

        # A revised threshold changes verdicts: re-evaluate in the background.
        if evaluations_recompute_later not in THRESHOLD_LISTENERS:
            THRESHOLD_LISTENERS.append(evaluations_recompute_later)
