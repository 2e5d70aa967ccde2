from django.contrib import admin
from django.http import HttpRequest

from ntm.exchange.models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin[ImportBatch]):
    """Read-only: imports are made and written through the Excel pages."""

    list_display = ("pk", "original_name", "uploaded_by", "uploaded_at", "period", "status")
    list_filter = ("status", "kind", "period")
    search_fields = ("original_name", "uploaded_by__username")
    exclude = ("preview",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ImportBatch | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ImportBatch | None = None) -> bool:
        """A committed (or committing) batch is the record of where values came
        from: kept. An abandoned preview may be tidied away."""
        if obj is None:
            return super().has_delete_permission(request)
        kept = {ImportBatch.Status.COMMITTED, ImportBatch.Status.QUEUED}
        return obj.status not in kept and super().has_delete_permission(request, obj)
