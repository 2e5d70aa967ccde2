"""Plan pages (mounted under /ke-hoach/), one module per page group: the
plan as issued and plan versus actual (``plans``), the cascade to districts,
targeted communes and candidates (``cascade``), commune roadmaps and overdue
milestones (``roadmaps``), reported figures (``reported``). Views parse,
check access, call one service or selector and render; services check
access again."""

from ntm.planning.views.cascade import (
    candidate_list,
    candidate_pick,
    cascade,
    targeted,
    targeted_remove_view,
)
from ntm.planning.views.plans import dashboard, detail, home
from ntm.planning.views.reported import evidence, report_actual
from ntm.planning.views.roadmaps import (
    milestone_delete_view,
    milestone_row,
    milestone_save,
    overdue,
    roadmap,
)

__all__ = [
    "candidate_list",
    "candidate_pick",
    "cascade",
    "dashboard",
    "detail",
    "evidence",
    "home",
    "milestone_delete_view",
    "milestone_row",
    "milestone_save",
    "overdue",
    "report_actual",
    "roadmap",
    "targeted",
    "targeted_remove_view",
]
