from django.contrib import admin

from ntm.units.models import AdminUnit, UnitChange
from ntm.web.admin_history import NeverDeletedAdmin


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin[AdminUnit]):
    list_display = ["code", "name", "type", "parent", "in_programme", "border"]
    list_filter = ["type", "in_programme", "border", "extremely_difficult", "poor_district"]
    search_fields = ["code", "name", "name_folded"]
    # Flags change through the unit page, which records who, when and why.
    readonly_fields = ["border", "extremely_difficult", "poor_district"]


@admin.register(UnitChange)
class UnitChangeAdmin(NeverDeletedAdmin[UnitChange]):
    """The legal history of mergers and splits: corrected, never deleted."""

    list_display = ["kind", "effective_date", "legal_act"]
    filter_horizontal = ["sources", "targets"]
