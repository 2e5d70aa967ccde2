"""Reads behind the dashboards, the commune scorecard and ``ntm status``.

Rules every figure follows:

* the official basis (``official``): a commune's status at a period is its
  latest approved evaluation at or before the period, in the same criteria
  set, carried forward when older; communes never approved have no data
  (listed, neither met nor failing), and the coverage (with data, carried
  forward, without data) is given beside the figures;
* the communes in scope are the rural communes (xã) in the programme below
  the scope (the province, or one district);
* the main set is the commune set judged for the period's year; the levels
  are those of the sets judged that year (NTM, advanced, model), read from
  the catalogue with their names;
* a share of communes is over every commune in scope (a commune without
  approved figures does not count as meeting anything); an average is over
  the communes with approved figures.

The approved evaluations of the scope are read in one query and each
period's statuses chosen in Python (``ntm.core.status_at``); criteria met
are one grouped query over the chosen evaluations, so the province page
costs the same number of queries for 18 or 10,040 communes.

The parts: ``periods`` (sets, levels, periods), ``figures`` (what a dashboard
page shows), ``province`` (building a province or district dashboard),
``scorecard`` (one commune), ``tables`` (the .xlsx tables of each page),
``serialize`` (plain data for the CLI), ``cache`` (the figures' fingerprint),
``scope`` (the units a page's URL names).
"""

from ntm.monitoring.dashboards.cache import figures_version
from ntm.monitoring.dashboards.errors import DashboardError
from ntm.monitoring.dashboards.figures import (
    AreaRow,
    CommuneRow,
    CommuneStatus,
    CountFigure,
    CriterionFigure,
    Dashboard,
    RecognitionGap,
    TrendRow,
)
from ntm.monitoring.dashboards.periods import (
    LevelDef,
    commune_sets,
    level_defs,
    main_set_for,
    main_sets,
    period_lookup,
    period_sort_key,
)
from ntm.monitoring.dashboards.province import dashboard_build, dashboard_queue
from ntm.monitoring.dashboards.scope import dashboard_province, dashboard_unit
from ntm.monitoring.dashboards.scorecard import (
    CriterionLine,
    HistoryRow,
    IndicatorLine,
    LevelLine,
    NextLevel,
    RequirementLine,
    Scorecard,
    scorecard_build,
    scorecard_periods,
)
from ntm.monitoring.dashboards.serialize import dashboard_as_dict, scorecard_as_dict
from ntm.monitoring.dashboards.tables import (
    ExportTable,
    dashboard_tables,
    export_note,
    scorecard_tables,
)

__all__ = [
    "AreaRow",
    "CommuneRow",
    "CommuneStatus",
    "CountFigure",
    "CriterionFigure",
    "CriterionLine",
    "Dashboard",
    "DashboardError",
    "ExportTable",
    "HistoryRow",
    "IndicatorLine",
    "LevelDef",
    "LevelLine",
    "NextLevel",
    "RecognitionGap",
    "RequirementLine",
    "Scorecard",
    "TrendRow",
    "commune_sets",
    "dashboard_as_dict",
    "dashboard_build",
    "dashboard_province",
    "dashboard_queue",
    "dashboard_tables",
    "dashboard_unit",
    "export_note",
    "figures_version",
    "level_defs",
    "main_set_for",
    "main_sets",
    "period_lookup",
    "period_sort_key",
    "scorecard_as_dict",
    "scorecard_build",
    "scorecard_periods",
    "scorecard_tables",
]
