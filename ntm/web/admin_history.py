"""What the Django admin may never delete: official figures, their history and
the records that cascade to them. They change (or are withdrawn) through the
application's workflows, which record who did what; a hard delete from the
admin would erase that record."""

from __future__ import annotations

from typing import TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

_M = TypeVar("_M", bound=Model)


class NeverDeletedAdmin(admin.ModelAdmin[_M]):
    """The admin shows these records; neither the delete page nor any bulk
    action removes them (the delete page answers 403)."""

    def has_delete_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return False


def admin_site_harden() -> None:
    """No bulk delete anywhere: a single selection deletes hundreds of rows
    and everything that cascades from them. A record that may be deleted is
    deleted one at a time, from its own page, after the confirmation listing
    what goes with it."""
    admin.site.disable_action("delete_selected")
