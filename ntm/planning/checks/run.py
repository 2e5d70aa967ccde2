"""Running every registered check on a plan, in a fixed order."""

from __future__ import annotations

# The rule modules register their checks when imported.
from ntm.planning.checks import arithmetic, cascade, feasible, implied, precision, scope
from ntm.planning.checks.registry import CHECKS, CheckContext
from ntm.planning.checks.report import CheckReport
from ntm.planning.models import Plan

RULE_MODULES = (arithmetic, precision, feasible, implied, scope, cascade)

# The order findings and passed lines appear in: the plan's own sums first,
# then what its figures imply, then its scope, then (province plans) its
# district parts and targeted communes. A "/ket-luan" check says a group of
# checks found nothing.
ORDER = (
    "tong",
    "ty-le",
    "nguon-von/tong",
    "nguon-von/ty-le",
    "kha-thi/so-xa",
    "kha-thi/tieu-chi-huyen",
    "kha-thi/binh-quan",
    "kha-thi/ket-luan",
    "ham-y/binh-quan",
    "ham-y/xa-duoi-muc",
    "ham-y/cong-nhan",
    "ham-y/dat-chuan",
    "ham-y/nang-cao",
    "ham-y/chi-tieu-thanh-phan",
    "ham-y/theo-huyen",
    "ham-y/ket-luan",
    "pham-vi",
    "kha-thi/phan-giao-huyen",
    "phan-bo-huyen",
    "phan-bo-huyen/ket-luan",
    "xa-phan-dau",
)


def plan_check(plan: Plan) -> CheckReport:
    """Every check on one plan (a province plan also checks its district
    parts and its targeted communes)."""
    report = CheckReport(plan)
    targets = list(plan.targets.select_related("subject_unit").order_by("position"))
    ctx = CheckContext(plan, targets, report)
    for code in ORDER:
        registered = CHECKS[code]
        if registered.province_only and not plan.is_province_plan:
            continue
        ctx.running = registered
        registered.run(ctx)
    ctx.running = None
    return report
