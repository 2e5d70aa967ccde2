from django.contrib import admin

from ntm.planning.models import (
    LegalBasis,
    Milestone,
    MilestoneChange,
    Plan,
    PlanSection,
    ReportedActual,
    Target,
    TargetedCommune,
)


class LegalBasisInline(admin.TabularInline[LegalBasis, Plan]):
    model = LegalBasis
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin[Plan]):
    list_display = ("code", "year", "unit", "title")
    list_filter = ("year",)
    search_fields = ("code", "title")
    inlines = [LegalBasisInline]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin[Target]):
    list_display = ("plan", "key", "kind", "label", "comparison", "value", "unit", "measure")
    list_filter = ("kind", "measure", "plan")
    search_fields = ("key", "label")


@admin.register(ReportedActual)
class ReportedActualAdmin(admin.ModelAdmin[ReportedActual]):
    list_display = ("target", "value", "as_of", "reported_by", "reported_at")


@admin.register(TargetedCommune)
class TargetedCommuneAdmin(admin.ModelAdmin[TargetedCommune]):
    list_display = ("plan", "unit", "level", "assigned_by", "assigned_at")
    list_filter = ("level",)


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin[Milestone]):
    list_display = ("targeted", "criterion", "title", "due_date", "status")
    list_filter = ("status",)


# Sections and the roadmap history are read through the plan pages; the
# history must not be edited.
admin.site.register(PlanSection)


@admin.register(MilestoneChange)
class MilestoneChangeAdmin(admin.ModelAdmin[MilestoneChange]):
    list_display = ("targeted", "action", "summary", "changed_by", "changed_at")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
