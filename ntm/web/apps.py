from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ntm.core.messages import install_translator


def _create_cache_table(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """`ntm migrate` also creates the cache table when the cache is the
    database (config.production): a deployment cannot forget it."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class WebConfig(AppConfig):
    name = "ntm.web"
    verbose_name = _("Giao diện web")

    def ready(self) -> None:
        from django.apps import apps

        # Django signals post_migrate only for apps with models; this one has
        # none, so ride on the sessions app (always installed, like the cache).
        post_migrate.connect(_create_cache_table, sender=apps.get_app_config("sessions"))
        # The pure core's messages render in the language of the request.
        install_translator(gettext)
