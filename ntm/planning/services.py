"""Every write to plans: importing a plan file (all or nothing), the
province's cascade to districts and to targeted communes, commune roadmaps
(every edit audited) and figures reported by the responsible bodies. Each
call checks access itself (``ntm.accounts.access``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from ntm.accounts.access import AccessRefused, Action, access_allows
from ntm.core.errors import CriteriaLookupError, ValueParseError
from ntm.core.evidence import HEAD_BYTES, EvidenceRefused, evidence_check, evidence_name
from ntm.core.numbers_vi import parse_number_text
from ntm.criteria.selectors import criteria_catalog
from ntm.dates import format_date, local_today
from ntm.errors import NtmError
from ntm.monitoring.models import Recognition
from ntm.planning.figures import goal_text, num, share_text
from ntm.planning.measures import MEASURES, REPORTED, level_set
from ntm.planning.models import (
    Comparison,
    LegalBasis,
    Level,
    Milestone,
    MilestoneChange,
    MilestoneStatus,
    Plan,
    PlanSection,
    ReportedActual,
    Target,
    TargetedCommune,
    TargetKind,
)
from ntm.planning.spec import (
    BasisSpec,
    FieldError,
    Lookups,
    PlanSpec,
    SectionSpec,
    TargetSpec,
    UnitInfo,
    parse_plan,
    spec_to_dict,
)
from ntm.units.models import DISTRICT_TYPES, AdminUnit, UnitType
from ntm.units.selectors import unit_programme_communes


class PlanningError(NtmError):
    """A refused action; the message (Vietnamese) says why. Nothing was saved."""

    code = "planning"


class PlanImportError(PlanningError):
    code = "plan_import"

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


class MilestoneConflict(PlanningError):
    """Someone else saved the milestone since it was read."""

    code = "milestone_conflict"


def _require(user: Any, action: Action, unit: AdminUnit, message: str) -> None:
    if not access_allows(user, action, unit):
        raise AccessRefused(message)


# -- import --------------------------------------------------------------------------


def plan_lookups() -> Lookups:
    def unit(code: str) -> UnitInfo | None:
        found = AdminUnit.objects.filter(code=code).values("code", "name", "type", "path").first()
        return UnitInfo(**found) if found else None

    return Lookups(catalog=criteria_catalog(), unit=unit)


def plan_read(path: Path) -> tuple[Any, str]:
    """The YAML document of a plan file and the file's SHA-256."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanImportError(
            [FieldError("", _("không mở được tệp %(p)s: %(e)s") % {"p": path, "e": exc.strerror})]
        ) from exc
    try:
        # libyaml when present: the plan file is long prose and numbers.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        raw = yaml.load(data.decode("utf-8-sig"), Loader=loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PlanImportError(
            [FieldError("", _("tệp không phải YAML hợp lệ (UTF-8): %(e)s") % {"e": exc})]
        ) from exc
    return raw, hashlib.sha256(data).hexdigest()


@dataclass
class ImportResult:
    spec: PlanSpec
    plan: Plan | None
    action: str  # "created", "replaced", "unchanged", "dry-run"
    summary: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        return {
            "created": _("Đã nạp kế hoạch %(c)s."),
            "replaced": _("Đã thay kế hoạch %(c)s theo tệp mới."),
            "unchanged": _("Kế hoạch %(c)s không đổi (tệp giống lần nạp trước)."),
            "dry-run": _("Chạy thử: kế hoạch %(c)s hợp lệ, chưa ghi gì."),
        }[self.action] % {"c": self.spec.code}


def spec_summary(spec: PlanSpec) -> list[str]:
    """What an import creates, one line per item, for the preview."""
    kinds = dict(TargetKind.choices)
    lines = [
        _("Kế hoạch %(c)s: %(t)s") % {"c": spec.code, "t": spec.title},
        _("Đơn vị %(u)s, năm %(y)s, bộ tiêu chí %(s)s, %(n)s xã trong phạm vi")
        % {"u": spec.unit, "y": spec.year, "s": spec.criteria_set, "n": spec.communes_in_scope},
        _("%(b)s văn bản căn cứ, %(s)s mục, %(t)s chỉ tiêu")
        % {"b": len(spec.legal_basis), "s": len(spec.sections), "t": len(spec.targets)},
    ]
    for kind, label in kinds.items():
        own = [t for t in spec.targets if t.kind == kind]
        if not own:
            continue
        lines.append(f"{label} ({len(own)}):")
        for t in own:
            extra = []
            if t.added is not None:
                extra.append(_("tăng %(n)s") % {"n": num(t.added)})
            if t.baseline is not None:
                extra.append(_("mốc %(n)s") % {"n": num(t.baseline)})
            if t.share_printed:
                extra.append(_("tỷ lệ in %(s)s") % {"s": share_text(t.share_printed)})
            tail = f" ({', '.join(extra)})" if extra else ""
            lines.append(f"  {t.key:<22} {t.label}: {goal_text(t)}{tail}")
    return lines


@transaction.atomic
def plan_import(
    *, path: Path, user: Any = None, replace: bool = False, dry_run: bool = False
) -> ImportResult:
    """Import a plan file, all or nothing. A plan with the same code is
    replaced only with ``replace`` (its reported figures, district plans and
    roadmaps stay); the same file imported again changes nothing."""
    raw, sha = plan_read(path)
    spec, errors = parse_plan(raw, plan_lookups())
    if spec is None:
        raise PlanImportError(errors)
    unit = AdminUnit.objects.get(code=spec.unit)
    existing = Plan.objects.filter(code=spec.code).first()
    other = Plan.objects.filter(unit=unit, year=spec.year).exclude(code=spec.code).first()
    if other is not None:
        raise PlanImportError(
            [
                FieldError(
                    "code",
                    _("%(u)s đã có kế hoạch năm %(y)s mã %(c)s")
                    % {"u": unit.name, "y": spec.year, "c": other.code},
                )
            ]
        )
    if existing is not None and not replace:
        raise PlanImportError(
            [
                FieldError(
                    "code",
                    _("đã có kế hoạch %(c)s; dùng --replace để thay bằng tệp này")
                    % {"c": spec.code},
                )
            ]
        )
    if existing is not None and existing.parent_id is not None:
        raise PlanImportError(
            [FieldError("code", _("%(c)s là phần giao cho huyện") % {"c": spec.code})]
        )
    if existing is not None:
        _check_removals(existing, spec)
    summary = spec_summary(spec)
    if dry_run:
        return ImportResult(spec, existing, "dry-run", summary)
    if existing is not None and existing.sha256 == sha:
        return ImportResult(spec, existing, "unchanged", summary)
    plan = _write(existing, spec, unit, user, path.name, sha)
    return ImportResult(spec, plan, "replaced" if existing else "created", summary)


def _check_removals(plan: Plan, spec: PlanSpec) -> None:
    keep = {t.key for t in spec.targets}
    errors = []
    for key, n in (
        plan.targets.exclude(key__in=keep)
        .annotate(n=Count("reported"))
        .filter(n__gt=0)
        .values_list("key", "n")
    ):
        errors.append(
            FieldError(
                key,
                _("chỉ tiêu «%(k)s» đã có %(n)s số liệu báo cáo, không bỏ khỏi kế hoạch được")
                % {"k": key, "n": n},
            )
        )
    cascaded = set(
        Target.objects.filter(plan__parent=plan).exclude(key__in=keep).values_list("key", flat=True)
    )
    for key in sorted(cascaded):
        errors.append(
            FieldError(key, _("chỉ tiêu «%(k)s» đã giao cho huyện, không bỏ được") % {"k": key})
        )
    if errors:
        raise PlanImportError(errors)


def _target_fields(t: TargetSpec, units: dict[str, AdminUnit]) -> dict[str, Any]:
    return {
        "kind": t.kind,
        "label": t.label,
        "text": t.text,
        "criterion": t.criterion,
        "comparison": t.comparison,
        "value": t.value,
        "value_max": t.value_max,
        "unit": t.unit,
        "of_total": t.of_total,
        "added": t.added,
        "baseline": t.baseline,
        "share_printed": t.share_printed,
        "is_total": t.is_total,
        "subject_unit": units.get(t.subject_unit) if t.subject_unit else None,
        "details": dict(t.details),
        "measure": t.measure,
        "measure_params": dict(t.measure_params),
        "responsible": t.responsible,
        "note": t.note,
    }


def _write(
    existing: Plan | None, spec: PlanSpec, unit: AdminUnit, user: Any, name: str, sha: str
) -> Plan:
    fields = {
        "title": spec.title,
        "issuer": spec.issuer,
        "unit": unit,
        "year": spec.year,
        "criteria_set": spec.criteria_set,
        "communes_in_scope": spec.communes_in_scope,
        "baseline_period": spec.baseline_period,
        "preamble": spec.preamble,
        "closing": spec.closing,
        "source_file": name,
        "sha256": sha,
        "imported_by": user if getattr(user, "pk", None) else None,
    }
    if existing is None:
        plan = Plan.objects.create(code=spec.code, **fields)
    else:
        plan = existing
        for key, value in fields.items():
            setattr(plan, key, value)
        plan.save()
        plan.legal_basis.all().delete()
        plan.targets.exclude(key__in=[t.key for t in spec.targets]).delete()
        plan.sections.all().delete()  # targets keep their rows; their section is set below
    LegalBasis.objects.bulk_create(
        LegalBasis(plan=plan, position=i, **vars(b)) for i, b in enumerate(spec.legal_basis)
    )
    sections = {
        s.code: s
        for s in PlanSection.objects.bulk_create(
            PlanSection(plan=plan, position=i, code=s.code, title=s.title, text=s.text)
            for i, s in enumerate(spec.sections)
        )
    }
    codes = {t.subject_unit for t in spec.targets if t.subject_unit}
    units = {u.code: u for u in AdminUnit.objects.filter(code__in=codes)}
    current = {t.key: t for t in plan.targets.all()}
    new: list[Target] = []
    for i, t in enumerate(spec.targets):
        values = _target_fields(t, units)
        row = current.get(t.key)
        if row is None:
            new.append(
                Target(plan=plan, key=t.key, position=i, section=sections[t.section], **values)
            )
            continue
        for key, value in values.items():
            setattr(row, key, value)
        row.position, row.section = i, sections[t.section]
        row.save()
    Target.objects.bulk_create(new)
    return plan


def plan_spec(plan: Plan) -> PlanSpec:
    """A stored plan as the description a file would give."""
    sections = list(plan.sections.all())
    by_id = {s.pk: s.code for s in sections}
    return PlanSpec(
        code=plan.code,
        title=plan.title,
        issuer=plan.issuer,
        unit=plan.unit.code,
        year=plan.year,
        criteria_set=plan.criteria_set,
        communes_in_scope=plan.communes_in_scope,
        baseline_period=plan.baseline_period,
        preamble=plan.preamble,
        closing=plan.closing,
        legal_basis=tuple(
            BasisSpec(b.kind, b.number, b.date, b.issuer, b.title) for b in plan.legal_basis.all()
        ),
        sections=tuple(SectionSpec(s.code, s.title, s.text) for s in sections),
        targets=tuple(
            TargetSpec(
                key=t.key,
                kind=t.kind,
                label=t.label,
                section=by_id.get(t.section_id, ""),
                text=t.text,
                criterion=t.criterion,
                comparison=t.comparison,
                value=t.value,
                value_max=t.value_max,
                of_total=t.of_total,
                added=t.added,
                baseline=t.baseline,
                share_printed=t.share_printed,
                unit=t.unit,
                is_total=t.is_total,
                subject_unit=t.subject_unit.code if t.subject_unit else "",
                details=t.details,
                measure=t.measure,
                measure_params=t.measure_params,
                responsible=t.responsible,
                note=t.note,
            )
            for t in plan.targets.select_related("subject_unit")
        ),
    )


def plan_export(plan: Plan) -> dict[str, Any]:
    """The plan as the document of a plan file (``ntm plan export``)."""
    return spec_to_dict(plan_spec(plan))


# -- cascade: district parts and targeted communes ----------------------------------------


def cascade_sources(plan: Plan) -> list[Target]:
    """Province targets a province splits between its districts: counts of
    communes added during the year (NTM, advanced, model; each criterion)."""
    out = []
    for target in plan.targets.filter(kind__in=[TargetKind.OVERALL, TargetKind.CRITERION]):
        defn = MEASURES.get(target.measure)
        if defn is None or defn.compute is None:
            continue
        if (defn.flow and target.added) or (defn.is_flow and target.value):
            out.append(target)
    return out


def cascade_amount(target: Target) -> Decimal | None:
    """What the districts' parts of ``target`` must add up to."""
    return target.added if target.added is not None else target.value


def district_plan_code(plan: Plan, district: AdminUnit) -> str:
    return f"{plan.code}-H{district.code}"


@transaction.atomic
def plan_cascade_save(
    *, user: Any, plan: Plan, assignments: dict[str, dict[str, int | None]]
) -> list[Plan]:
    """Set each district's part of the province's cascadable targets
    (``assignments[district code][target key]``; None removes the part)."""
    _require(
        user,
        Action.MANAGE_PLANS,
        plan.unit,
        _("Chỉ Văn phòng Điều phối tỉnh được giao chỉ tiêu cho các huyện."),
    )
    if not plan.is_province_plan:
        raise PlanningError(_("Chỉ giao chỉ tiêu từ kế hoạch của tỉnh."))
    sources = {t.key: t for t in cascade_sources(plan)}
    districts = {
        d.code: d
        for d in AdminUnit.objects.filter(
            parent=plan.unit, type__in=DISTRICT_TYPES, code__in=list(assignments)
        ).annotate(
            n=Count(
                "children", filter=Q(children__type=UnitType.COMMUNE, children__in_programme=True)
            )
        )
    }
    unknown = sorted(set(assignments) - set(districts))
    if unknown:
        raise PlanningError(
            _("Không có huyện mã %(c)s trong %(p)s.")
            % {"c": ", ".join(unknown), "p": plan.unit.name}
        )
    saved = []
    for code, parts in assignments.items():
        district = districts[code]
        for key, value in parts.items():
            if key not in sources:
                raise PlanningError(_("Chỉ tiêu «%(k)s» không giao cho huyện được.") % {"k": key})
            if value is not None and (value < 0 or value > district.n):
                raise PlanningError(
                    _("%(d)s: %(v)s xã cho «%(l)s» không hợp lệ (huyện có %(n)s xã).")
                    % {"d": district.name, "v": value, "l": sources[key].label, "n": district.n}
                )
        if (
            all(v is None for v in parts.values())
            and not Plan.objects.filter(parent=plan, unit=district).exists()
        ):
            continue  # nothing assigned to this district, nothing to keep
        child, _created = Plan.objects.get_or_create(
            parent=plan,
            unit=district,
            defaults={
                "code": district_plan_code(plan, district),
                "title": _("Chỉ tiêu giao %(d)s năm %(y)s") % {"d": district.name, "y": plan.year},
                "issuer": plan.issuer,
                "year": plan.year,
                "criteria_set": plan.criteria_set,
                "communes_in_scope": district.n,
                "baseline_period": plan.baseline_period,
            },
        )
        current = {t.key: t for t in child.targets.all()}
        for key, value in parts.items():
            source = sources[key]
            row = current.get(key)
            if value is None:
                if row is not None:
                    if row.reported.exists():
                        raise PlanningError(
                            _("%(d)s đã báo cáo số liệu cho «%(l)s», không bỏ được.")
                            % {"d": district.name, "l": source.label}
                        )
                    row.delete()
                continue
            defn = MEASURES[source.measure]
            fields = {
                "kind": source.kind,
                "label": source.label,
                "criterion": source.criterion,
                "comparison": Comparison.AT_LEAST,
                "value": Decimal(value),
                "unit": source.unit,
                "of_total": district.n,
                "measure": source.measure if defn.is_flow else (defn.flow or REPORTED),
                "measure_params": dict(source.measure_params),
                "responsible": _("UBND %(d)s") % {"d": district.name},
                "note": _("Phần giao từ chỉ tiêu «%(k)s» của tỉnh (số xã tăng thêm trong năm).")
                % {"k": source.key},
            }
            if row is None:
                Target.objects.create(plan=child, key=key, position=source.position, **fields)
            else:
                for name, v in fields.items():
                    setattr(row, name, v)
                row.save()
        if not child.targets.exists():
            child.delete()  # its last part was taken back
            continue
        saved.append(child)
    return saved


def _check_commune(plan: Plan, unit: AdminUnit) -> None:
    if not (unit.type == UnitType.COMMUNE and unit.in_programme):
        raise PlanningError(
            _("%(u)s không phải xã thuộc Chương trình xây dựng nông thôn mới.") % {"u": unit.name}
        )
    if not plan.unit.contains(unit):
        raise PlanningError(_("%(u)s không thuộc %(p)s.") % {"u": unit.name, "p": plan.unit.name})


@transaction.atomic
def targeted_add(
    *, user: Any, plan: Plan, unit: AdminUnit, level: str, note: str = ""
) -> TargetedCommune:
    """Mark a commune as aiming at ``level`` this year (it gets a roadmap)."""
    _require(
        user,
        Action.MANAGE_PLANS,
        unit,
        _("Bạn không được chọn xã phấn đấu đạt chuẩn của %(u)s.") % {"u": unit.name},
    )
    if not plan.is_province_plan:
        raise PlanningError(_("Xã phấn đấu được chọn trên kế hoạch của tỉnh."))
    _check_commune(plan, unit)
    if level not in Level.values:
        raise PlanningError(_("Mức «%(l)s» không hợp lệ.") % {"l": level})
    if TargetedCommune.objects.filter(plan=plan, unit=unit, level=level).exists():
        raise PlanningError(
            _("%(u)s đã có trong danh sách phấn đấu «%(l)s».")
            % {"u": unit.name, "l": Level(level).label}
        )
    start = dt.date(plan.year, 1, 1)
    if Recognition.objects.filter(
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=start),
        unit=unit,
        level=level,
        decision_date__lt=start,
    ).exists():
        raise PlanningError(
            _("%(u)s đã được công nhận «%(l)s» trước năm %(y)s.")
            % {"u": unit.name, "l": Level(level).label, "y": plan.year}
        )
    return TargetedCommune.objects.create(
        plan=plan, unit=unit, level=level, note=note.strip(), assigned_by=_user(user)
    )


@transaction.atomic
def targeted_remove(*, user: Any, targeted: TargetedCommune) -> None:
    _require(
        user,
        Action.MANAGE_PLANS,
        targeted.unit,
        _("Bạn không được bỏ xã phấn đấu của %(u)s.") % {"u": targeted.unit.name},
    )
    n = targeted.milestones.count()
    if n:
        raise PlanningError(
            _("%(u)s đã có lộ trình (%(n)s mốc): xoá các mốc trước khi bỏ xã khỏi danh sách.")
            % {"u": targeted.unit.name, "n": n}
        )
    targeted.delete()


def _user(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


# -- roadmaps -----------------------------------------------------------------------------


def level_criteria(plan: Plan, level: str) -> list[tuple[str, str]]:
    """(code, name) of the criteria of the set a level is judged by."""
    found = level_set(criteria_catalog(), level, plan.year)
    if found is None:
        raise PlanningError(
            _("Không có bộ tiêu chí cho mức «%(l)s» năm %(y)s.")
            % {"l": Level(level).label, "y": plan.year}
        )
    return [(c.code, c.name) for c in found[0].criteria]


STATUS_LABELS = dict(MilestoneStatus.choices)


def _shown(name: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return format_date(value)
    if name == "status":
        return str(STATUS_LABELS.get(value, value))
    return str(value)


def _clean(
    targeted: TargetedCommune,
    *,
    criterion: str,
    title: str,
    responsible: str,
    due_date: dt.date | None,
    status: str,
    done_on: dt.date | None,
) -> dict[str, Any]:
    codes = {code for code, _name in level_criteria(targeted.plan, targeted.level)}
    if criterion not in codes:
        raise PlanningError(
            _("Tiêu chí «%(c)s» không thuộc bộ tiêu chí của mức này.") % {"c": criterion}
        )
    if not title.strip():
        raise PlanningError(_("Cần ghi nội dung công việc."))
    if not responsible.strip():
        raise PlanningError(_("Cần ghi người phụ trách."))
    year = targeted.plan.year
    if due_date is None or due_date.year != year:
        raise PlanningError(_("Hạn hoàn thành phải trong năm %(y)s.") % {"y": year})
    if status not in MilestoneStatus.values:
        raise PlanningError(_("Tình trạng «%(s)s» không hợp lệ.") % {"s": status})
    if status == MilestoneStatus.DONE and done_on is None:
        raise PlanningError(_("Cần ghi ngày hoàn thành."))
    if status != MilestoneStatus.DONE:
        done_on = None
    return {
        "criterion": criterion,
        "title": title.strip(),
        "responsible": responsible.strip(),
        "due_date": due_date,
        "status": status,
        "done_on": done_on,
    }


def _summary(m: Milestone) -> str:
    return f"TC {m.criterion} · {m.due_date:%m/%Y} · {m.title}"[:320]


def _require_roadmap(user: Any, targeted: TargetedCommune) -> None:
    _require(
        user,
        Action.EDIT_ROADMAP,
        targeted.unit,
        _("Bạn không được sửa lộ trình của %(u)s.") % {"u": targeted.unit.name},
    )


def _milestone_locked(user: Any, milestone: Milestone, expected_version: int) -> Milestone:
    """The milestone, locked for this transaction, if the person may edit it
    and nobody saved it since they saw ``expected_version``."""
    _require_roadmap(user, milestone.targeted)
    current = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if current.version != expected_version:
        raise MilestoneConflict(
            _("Mốc «%(t)s» vừa được người khác sửa; tải lại trang để xem bản mới.")
            % {"t": current.title}
        )
    return current


@transaction.atomic
def milestone_add(
    *,
    user: Any,
    targeted: TargetedCommune,
    criterion: str,
    title: str,
    responsible: str,
    due_date: dt.date | None,
    status: str = MilestoneStatus.PLANNED,
    done_on: dt.date | None = None,
    note: str = "",
) -> Milestone:
    _require_roadmap(user, targeted)
    fields = _clean(
        targeted,
        criterion=criterion,
        title=title,
        responsible=responsible,
        due_date=due_date,
        status=status,
        done_on=done_on,
    )
    milestone = Milestone.objects.create(
        targeted=targeted, note=note.strip(), created_by=_user(user), **fields
    )
    MilestoneChange.objects.create(
        targeted=targeted,
        milestone=milestone,
        action=MilestoneChange.Action.CREATE,
        summary=_summary(milestone),
        changes={k: ["", _shown(k, v)] for k, v in {**fields, "note": milestone.note}.items()},
        changed_by=_user(user),
    )
    return milestone


@transaction.atomic
def milestone_update(
    *,
    user: Any,
    milestone: Milestone,
    expected_version: int,
    criterion: str,
    title: str,
    responsible: str,
    due_date: dt.date | None,
    status: str,
    done_on: dt.date | None = None,
    note: str = "",
) -> Milestone:
    """Change a milestone seen at ``expected_version``; if someone saved it in
    between, nothing is written."""
    targeted = milestone.targeted
    current = _milestone_locked(user, milestone, expected_version)
    fields = _clean(
        targeted,
        criterion=criterion,
        title=title,
        responsible=responsible,
        due_date=due_date,
        status=status,
        done_on=done_on,
    )
    fields["note"] = note.strip()
    changes = {
        k: [_shown(k, getattr(current, k)), _shown(k, v)]
        for k, v in fields.items()
        if getattr(current, k) != v
    }
    if not changes:
        return current
    for k, v in fields.items():
        setattr(current, k, v)
    current.version += 1
    current.save()
    MilestoneChange.objects.create(
        targeted=targeted,
        milestone=current,
        action=MilestoneChange.Action.UPDATE,
        summary=_summary(current),
        changes=changes,
        changed_by=_user(user),
    )
    return current


@transaction.atomic
def milestone_delete(*, user: Any, milestone: Milestone, expected_version: int) -> None:
    targeted = milestone.targeted
    current = _milestone_locked(user, milestone, expected_version)
    MilestoneChange.objects.create(
        targeted=targeted,
        milestone=current,
        action=MilestoneChange.Action.DELETE,
        summary=_summary(current),
        changes={
            k: [_shown(k, getattr(current, k)), ""]
            for k in ("criterion", "title", "responsible", "due_date", "status", "done_on", "note")
        },
        changed_by=_user(user),
    )
    current.delete()


@transaction.atomic
def roadmap_seed(
    *,
    user: Any,
    targeted: TargetedCommune,
    criteria: list[str],
    responsible: str,
    first_month: int = 3,
    last_month: int = 10,
) -> int:
    """One milestone ("complete criterion k") for each listed criterion that
    has none yet, due dates spread month by month over the year; returns how
    many were added. The commune then refines them."""
    names = dict(level_criteria(targeted.plan, targeted.level))
    have = set(targeted.milestones.values_list("criterion", flat=True))
    todo = [c for c in criteria if c not in have]
    year = targeted.plan.year
    for i, code in enumerate(todo):
        month = min(
            last_month, first_month + i * max(1, (last_month - first_month) // max(1, len(todo)))
        )
        due = dt.date(year, month, 1) + dt.timedelta(days=27)
        milestone_add(
            user=user,
            targeted=targeted,
            criterion=code,
            title=_("Hoàn thành tiêu chí %(c)s - %(n)s") % {"c": code, "n": names.get(code, "")},
            responsible=responsible,
            due_date=due,
        )
    return len(todo)


# -- reported figures ----------------------------------------------------------------------


def parse_figure(raw: str | Decimal | int | float) -> Decimal:
    """A figure typed by a person: ``5.103,888``, ``90,05``, ``1466.906``."""
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, (int, float)):
        value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    else:
        text = raw.strip().rstrip("%").replace(" ", "")
        if not text:
            raise PlanningError(_("Cần nhập giá trị."))
        try:
            value = parse_number_text(text, integer=False)
        except ValueParseError as exc:
            raise PlanningError(str(exc)) from exc
    if value < 0:
        raise PlanningError(_("Giá trị không được âm."))
    return value


@transaction.atomic
def actual_report(
    *,
    user: Any,
    target: Target,
    value: str | Decimal,
    as_of: dt.date,
    note: str = "",
    upload: UploadedFile | None = None,
) -> ReportedActual:
    """Record what the responsible body reports for a target the monitoring
    data cannot compute, with its evidence file."""
    plan = target.plan
    _require(
        user,
        Action.MANAGE_PLANS,
        plan.unit,
        _("Bạn không được nhập số liệu thực hiện kế hoạch của %(u)s.") % {"u": plan.unit.name},
    )
    if target.measure != REPORTED:
        raise PlanningError(
            _("Chỉ tiêu «%(l)s» được tính từ số liệu theo dõi, không nhập tay.")
            % {"l": target.label}
        )
    if as_of.year != plan.year:
        raise PlanningError(_("Ngày số liệu phải trong năm %(y)s.") % {"y": plan.year})
    if as_of > local_today():
        raise PlanningError(_("Ngày số liệu không được sau hôm nay."))
    row = ReportedActual(
        target=target,
        value=parse_figure(value),
        as_of=as_of,
        note=note.strip(),
        reported_by=_user(user),
    )
    if upload is not None:
        name = evidence_name(upload.name or "")
        try:
            evidence_check(name, upload.size, upload.read(HEAD_BYTES))
        except EvidenceRefused as exc:
            raise PlanningError(str(exc)) from exc
        upload.seek(0)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        row.evidence_sha256 = digest.hexdigest()
        upload.seek(0)
        row.evidence_name = name[:200]
        row.evidence.save(name, upload, save=False)
    row.save()
    return row


def catalog_set_name(code: str) -> str:
    try:
        return criteria_catalog().get(code).name
    except CriteriaLookupError:
        return code


def unit_communes_count(unit: AdminUnit) -> int:
    return unit_programme_communes(unit).count()
