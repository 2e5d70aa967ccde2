"""Every write to plans, one module per job: importing a plan file
(``plan_import``), the province's cascade to districts and targeted communes
(``cascade``), commune roadmaps (``roadmaps``) and figures reported by the
responsible bodies (``reported``). Each call checks access itself
(``ntm.accounts.access``)."""

from ntm.planning.services.cascade import (
    cascade_amount,
    cascade_sources,
    district_plan_code,
    plan_cascade_save,
    targeted_add,
    targeted_remove,
)
from ntm.planning.services.errors import MilestoneConflict, PlanImportError, PlanningError
from ntm.planning.services.plan_import import (
    ImportResult,
    plan_export,
    plan_import,
    plan_lookups,
    plan_read,
    plan_spec,
    spec_summary,
)
from ntm.planning.services.reported import (
    actual_report,
    catalog_set_name,
    parse_figure,
    unit_communes_count,
)
from ntm.planning.services.roadmaps import (
    STATUS_LABELS,
    level_criteria,
    milestone_add,
    milestone_delete,
    milestone_update,
    roadmap_seed,
)

__all__ = [
    "STATUS_LABELS",
    "ImportResult",
    "MilestoneConflict",
    "PlanImportError",
    "PlanningError",
    "actual_report",
    "cascade_amount",
    "cascade_sources",
    "catalog_set_name",
    "district_plan_code",
    "level_criteria",
    "milestone_add",
    "milestone_delete",
    "milestone_update",
    "parse_figure",
    "plan_cascade_save",
    "plan_export",
    "plan_import",
    "plan_lookups",
    "plan_read",
    "plan_spec",
    "roadmap_seed",
    "spec_summary",
    "targeted_add",
    "targeted_remove",
    "unit_communes_count",
]
