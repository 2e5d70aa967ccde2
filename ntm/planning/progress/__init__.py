"""Plan versus actual: for every target, its actual in a period, the gap,
a status and the trend over the periods of the year.

Status (the same rule on every page, in the export and on the home page):

* **Đã đạt** (achieved): the actual meets the target (for a range such as
  13 - 14, from the lower end up; going past the upper end is noted, not
  penalised);
* otherwise, when the period closes the year (the year itself, Q4, December):
  **Không đạt** (missed) - unless some communes in scope still have no
  approved figures for it: then **Có nguy cơ không đạt**, never a verdict
  on incomplete figures;
* otherwise the expected progress at the end of the period is
  ``baseline + (target - baseline) × elapsed share of the year``, the share
  being 1/4 per quarter or 1/12 per month: at or beyond it, **Đúng tiến độ**
  (on track); behind it, **Có nguy cơ không đạt** (at risk). For a target to
  go down (at most), "beyond" means at or below;
* **Chưa có số liệu** when the period has no approved figures (or no report
  for a reported target).

The baseline is the plan's own (where it states one), else the actual
measured in the plan's baseline period (e.g. 2022), else 0 for quantities
counted from zero each year (recognitions in the year, kilometres built...).
"""

from ntm.planning.progress.compute import plan_progress
from ntm.planning.progress.judgement import (
    STATUS_LABELS,
    STATUS_STYLES,
    Judgement,
    ProgressError,
    Status,
    elapsed_share,
    judge,
    period_key,
)
from ntm.planning.progress.rows import Group, Progress, Row, TrendPoint
from ntm.planning.progress.table import Cell, progress_table

__all__ = [
    "STATUS_LABELS",
    "STATUS_STYLES",
    "Cell",
    "Group",
    "Judgement",
    "Progress",
    "ProgressError",
    "Row",
    "Status",
    "TrendPoint",
    "elapsed_share",
    "judge",
    "period_key",
    "plan_progress",
    "progress_table",
]
