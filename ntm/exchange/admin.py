from django.contrib import admin

from ntm.exchange.models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Read-only: imports are made and written through the Excel pages."""

    list_display = ("pk", "original_name", "uploaded_by", "uploaded_at", "period", "status")
    list_filter = ("status", "kind", "period")
    search_fields = ("original_name", "uploaded_by__username")
    exclude = ("preview",)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
