from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.http import HttpRequest

from ntm.monitoring.models import Period, Recognition, Report

if TYPE_CHECKING:  # ModelAdmin is generic in django-stubs only
    PeriodAdminBase = admin.ModelAdmin[Period]
    RecognitionAdminBase = admin.ModelAdmin[Recognition]
    ReportAdminBase = admin.ModelAdmin[Report]
else:
    PeriodAdminBase = RecognitionAdminBase = ReportAdminBase = admin.ModelAdmin


@admin.register(Period)
class PeriodAdmin(PeriodAdminBase):
    list_display = ["code", "kind", "year", "start", "end"]


@admin.register(Recognition)
class RecognitionAdmin(RecognitionAdminBase):
    list_display = ["unit", "level", "decision_number", "decision_date", "revoked_on"]
    list_filter = ["level"]
    search_fields = ["unit__name", "decision_number"]
    autocomplete_fields = ["unit"]


@admin.register(Report)
class ReportAdmin(ReportAdminBase):
    """Read-only: reports change through the workflow, which records events."""

    list_display = ["unit", "period", "status", "status_changed_at"]
    list_filter = ["status", "period"]

    def has_change_permission(self, request: HttpRequest, obj: Report | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
