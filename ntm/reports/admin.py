from django.contrib import admin

from ntm.reports.models import GeneratedDocument


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin[GeneratedDocument]):
    list_display = (
        "title",
        "kind",
        "period_code",
        "unit",
        "status",
        "requested_by",
        "requested_at",
    )
    list_filter = ("kind", "status")
    search_fields = ("title",)
    raw_id_fields = ("unit", "job", "requested_by")
    readonly_fields = ("requested_at", "finished_at")
