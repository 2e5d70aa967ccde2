from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ntm.monitoring.models import Period, Recognition, Report
from ntm.web.admin_history import NeverDeletedAdmin


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin[Period]):
    list_display = ["code", "kind", "year", "start", "end"]


@admin.register(Recognition)
class RecognitionAdmin(NeverDeletedAdmin[Recognition]):
    """A decision is revoked (revoked_on), never deleted."""

    list_display = ["unit", "level", "decision_number", "decision_date", "revoked_on"]
    list_filter = ["level"]
    search_fields = ["unit__name", "decision_number"]
    autocomplete_fields = ["unit"]


@admin.register(Report)
class ReportAdmin(NeverDeletedAdmin[Report]):
    """Read-only and never deleted: reports change through the workflow, which
    records events; deleting one would take its values, their history and its
    evidence with it."""

    list_display = ["unit", "period", "status", "status_changed_at"]
    list_filter = ["status", "period"]

    def has_change_permission(self, request: HttpRequest, obj: Report | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
