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
from ntm.web.admin_history import NeverDeletedAdmin


class LegalBasisInline(admin.TabularInline[LegalBasis, Plan]):
    model = LegalBasis
    extra = 0


@admin.register(Plan)
class PlanAdmin(NeverDeletedAdmin[Plan]):
    """Never deleted: targets, reported actuals, targeted communes and the
    roadmap history cascade from a plan."""

    list_display = ("code", "year", "unit", "title")
    list_filter = ("year",)
    search_fields = ("code", "title")
    inlines = [LegalBasisInline]


@admin.register(Target)
class TargetAdmin(NeverDeletedAdmin[Target]):
    list_display = ("plan", "key", "kind", "label", "comparison", "value", "unit", "measure")
    list_filter = ("kind", "measure", "plan")
    search_fields = ("key", "label")


@admin.register(ReportedActual)
class ReportedActualAdmin(NeverDeletedAdmin[ReportedActual]):
    list_display = ("target", "value", "as_of", "reported_by", "reported_at")


@admin.register(TargetedCommune)
class TargetedCommuneAdmin(NeverDeletedAdmin[TargetedCommune]):
    list_display = ("plan", "unit", "level", "assigned_by", "assigned_at")
    list_filter = ("level",)


@admin.register(Milestone)
class MilestoneAdmin(NeverDeletedAdmin[Milestone]):
    """Deleted from the roadmap page, which records the deletion."""

    list_display = ("targeted", "criterion", "title", "due_date", "status")
    list_filter = ("status",)


# Sections and the roadmap history are read through the plan pages; the
# history must not be edited.
admin.site.register(PlanSection)


@admin.register(MilestoneChange)
class MilestoneChangeAdmin(NeverDeletedAdmin[MilestoneChange]):
    list_display = ("targeted", "action", "summary", "changed_by", "changed_at")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
