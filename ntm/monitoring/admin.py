from django.contrib import admin

from ntm.monitoring.models import Period, Recognition, Report


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "year", "start", "end"]


@admin.register(Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    list_display = ["unit", "level", "decision_number", "decision_date", "revoked_on"]
    list_filter = ["level"]
    search_fields = ["unit__name", "decision_number"]
    autocomplete_fields = ["unit"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports change through the workflow, which records events."""

    list_display = ["unit", "period", "status", "status_changed_at"]
    list_filter = ["status", "period"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
