"""The yearly plan document, regenerated from a plan held in the system
(``ntm.planning``) with the structure of the issued document: preamble;
I. Mục tiêu, chỉ tiêu; II. Nhiệm vụ và giải pháp; III. Nguồn vốn; IV. Tổ chức
thực hiện; closing, recipients and signature. Every figure comes from the
stored targets, written the Vietnamese way (``5.103,888 tỷ đồng``,
``90,05%``, ``95/181``); annexes tabulate the criterion targets, the funding
plan and, when the plan has been cascaded, the districts' parts."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ntm.accounts.access import Action, access_allows, access_criteria
from ntm.core.text import fold
from ntm.criteria.selectors import criteria_catalog
from ntm.planning.figures import fill_plain, num, share_text
from ntm.planning.models import Plan, TargetKind
from ntm.planning.selectors import cascade_table, plan_document
from ntm.reports import letterhead
from ntm.reports.builders.common import DASH, BuildRequest, ReportError
from ntm.reports.render import DocumentParts
from ntm.units.models import AdminUnit

TEMPLATE = "ke-hoach-nam.docx"
# The signature of the province's plan (a vice-chairman signs for the chairman).
# i18n: data (titles fixed by NĐ 30/2020/NĐ-CP for official documents)
AUTHORITY = ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


def plans_available() -> bool:
    return Plan.objects.filter(parent__isnull=True).exists()


def plan_choices(user: Any) -> list[tuple[str, str]]:
    """Province plans the person may regenerate (not criterion-limited users)."""
    if access_criteria(user) is not None:
        return []
    return [
        (p.code, f"{p.title} ({p.code})")
        for p in Plan.objects.filter(parent__isnull=True).select_related("unit").order_by("-year")
        if access_allows(user, Action.BUILD_REPORTS, p.unit)
    ]


def plan_get(code: str) -> Plan:
    plan = Plan.objects.select_related("unit").filter(code=code, parent__isnull=True).first()
    if plan is None:
        raise ReportError(_("Không có kế hoạch «%(code)s».") % {"code": code})
    return plan


def plan_unit(code: str) -> AdminUnit:
    return plan_get(code).unit


def _paragraphs(text: str, targets: dict[str, Any]) -> list[str]:
    """The text with its figures filled in, one entry per paragraph (blank
    lines separate paragraphs; single line breaks are spaces)."""
    filled = fill_plain(text, targets)
    return [" ".join(p.split()) for p in filled.split("\n\n") if p.strip()]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _sections(plan: Plan) -> list[dict[str, Any]]:
    document = plan_document(plan)
    out = []
    for s in document.sections:
        paragraphs = _paragraphs(s.section.text, document.targets) if s.section.text else []
        for target in s.targets:
            paragraphs += _paragraphs(target.text, document.targets)
        level = min(s.section.depth + 1, 3)
        out.append(
            {
                "cap": level,
                "ma": s.section.code,
                "tieu_de": s.heading,
                "doan": paragraphs,
                # third-level headings run into their first paragraph, as issued
                "mo_dau": _lower_first(paragraphs[0]) if paragraphs else "",
                "doan_sau": paragraphs[1:],
            }
        )
    return out


def _criteria_rows(plan: Plan) -> list[dict[str, Any]]:
    cset = criteria_catalog().get(plan.criteria_set)
    names = {c.code: c.name for c in cset.criteria}
    rows = []
    for t in plan.targets.filter(kind=TargetKind.CRITERION).order_by("position"):
        if not t.criterion:
            continue
        rows.append(
            {
                "ma": t.criterion,
                "ten": names.get(t.criterion, t.label),
                "ky_goc": num(t.baseline) if t.baseline is not None else DASH,
                "tang": num(t.added) if t.added is not None else DASH,
                "ke_hoach": f"{num(t.value)}/{num(t.of_total)}" if t.of_total else num(t.value),
                "ty_le": share_text(t.share_printed) or DASH,
            }
        )
    return rows


def _baselines_derived(plan: Plan) -> bool:
    """Whether the annex's baseline column is derived (plan value minus the
    increase, as the plan file records it when the signed plan printed no
    baseline): the annex then says so under the table."""
    targets = plan.targets.filter(kind=TargetKind.CRITERION, baseline__isnull=False)
    return any(
        t.value is not None and t.added is not None and t.baseline == t.value - t.added
        for t in targets
    )


def _funding_rows(plan: Plan) -> tuple[list[dict[str, Any]], dict[str, str]]:
    rows: list[dict[str, Any]] = []
    total = {"ten": _("Tổng cộng"), "so_von": DASH, "ty_le": ""}
    for t in plan.targets.filter(kind=TargetKind.FUNDING).order_by("position"):
        if t.is_total:
            total = {"ten": _("Tổng cộng"), "so_von": num(t.value), "ty_le": "100%"}
            continue
        rows.append(
            {
                "stt": len(rows) + 1,
                "ten": t.label,
                "so_von": num(t.value),
                "ty_le": share_text(t.share_printed) or DASH,
            }
        )
    return rows, total


def _cascade(plan: Plan) -> dict[str, Any]:
    if not plan.children.exists():
        return {"co": False, "cot": [], "huyen": []}
    table = cascade_table(plan)
    return {
        "co": True,
        "cot": [t.label for t in table.sources],
        "huyen": [
            {
                "stt": i,
                "ten": r.district.name,
                "so_xa": num(r.communes),
                "phan": [
                    num(r.part(t.key)) if r.part(t.key) is not None else "" for t in table.sources
                ],
            }
            for i, r in enumerate(table.rows, start=1)
        ],
        "tong": [num(table.sums.get(t.key)) for t in table.sources],
    }


def _subject(title: str) -> str:
    """ "Kế hoạch thực hiện ..." → "Thực hiện ..." (the type is printed above)."""
    rest = title.removeprefix(_("Kế hoạch")).strip()
    return rest[:1].upper() + rest[1:]


def build(request: BuildRequest) -> DocumentParts:
    code = str(request.params.get("plan", "") or "")
    plan: Plan | None
    if code:
        plan = plan_get(code)
    else:
        year = request.period_code[:4]
        plan = (
            Plan.objects.select_related("unit")
            .filter(unit=request.unit, parent__isnull=True, year=int(year) if year.isdigit() else 0)
            .first()
        )
        if plan is None:
            raise ReportError(
                _("%(unit)s chưa có kế hoạch năm %(year)s.")
                % {"unit": request.unit.name, "year": year or "?"}
            )
    issuer = letterhead.people_committee(plan.unit)
    issuer = letterhead.Issuer(
        parent_body=issuer.parent_body,
        lines=issuer.lines,
        symbol=issuer.symbol,
        place=issuer.place,
        authority=AUTHORITY,
    )
    funding, funding_total = _funding_rows(plan)
    context = {
        "vb": request.letterhead(issuer, "KH"),
        "ke_hoach": {
            "ma": plan.code,
            "ten": plan.title,
            "trich_yeu": _subject(plan.title),
            "nam": plan.year,
            "mo_dau": [" ".join(p.split()) for p in plan.preamble.split("\n\n") if p.strip()],
            "ket": [" ".join(p.split()) for p in plan.closing.split("\n\n") if p.strip()],
            "so_xa": num(plan.communes_in_scope),
            "ky_goc": plan.baseline_period,
            "ky_goc_suy_ra": _baselines_derived(plan),
        },
        "muc": _sections(plan),
        "tieu_chi": _criteria_rows(plan),
        "nguon_von": funding,
        "nguon_von_tong": funding_total,
        "phan_giao": _cascade(plan),
    }
    return DocumentParts(
        template=TEMPLATE,
        context=context,
        title=plan.title,
        filename=f"ke-hoach-{'-'.join(fold(plan.code).split())}",
    )
