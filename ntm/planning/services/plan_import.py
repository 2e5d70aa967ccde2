"""Importing a plan file (all or nothing) and exporting a stored plan as one."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from ntm.core.untrusted.refusal import FileRefused
from ntm.core.untrusted.text_files import YAML_LIMITS, file_size_check, yaml_bounds_check
from ntm.criteria.selectors import criteria_catalog, set_label
from ntm.errors import translate_core_error
from ntm.planning.figures import goal_text, num, share_text
from ntm.planning.models import LegalBasis, Plan, PlanSection, Target, TargetKind
from ntm.planning.services.errors import PlanImportError
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
from ntm.units.models import AdminUnit


def plan_lookups() -> Lookups:
    def unit(code: str) -> UnitInfo | None:
        found = AdminUnit.objects.filter(code=code).values("code", "name", "type", "path").first()
        return UnitInfo(**found) if found else None

    return Lookups(catalog=criteria_catalog(), unit=unit)


def plan_read(path: Path) -> tuple[Any, str]:
    """The YAML document of a plan file and the file's SHA-256."""
    try:
        file_size_check(path, YAML_LIMITS.max_bytes)
        data = path.read_bytes()
    except FileRefused as exc:
        raise PlanImportError([FieldError("", translate_core_error(exc))]) from exc
    except OSError as exc:
        raise PlanImportError(
            [
                FieldError(
                    "",
                    _("không mở được tệp %(path)s: %(reason)s")
                    % {"path": path, "reason": exc.strerror},
                )
            ]
        ) from exc
    try:
        # libyaml when present: the plan file is long prose and numbers.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        text = data.decode("utf-8-sig")
        yaml_bounds_check(text, str(path))
        raw = yaml.load(text, Loader=loader)
    except FileRefused as exc:
        raise PlanImportError([FieldError("", translate_core_error(exc))]) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PlanImportError(
            [FieldError("", _("tệp không phải YAML hợp lệ (UTF-8): %(error)s") % {"error": exc})]
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
            "created": _("Đã nạp kế hoạch %(code)s."),
            "replaced": _("Đã thay kế hoạch %(code)s theo tệp mới."),
            "unchanged": _("Kế hoạch %(code)s không đổi (tệp giống lần nạp trước)."),
            "dry-run": _("Chạy thử: kế hoạch %(code)s hợp lệ, chưa ghi gì."),
        }[self.action] % {"code": self.spec.code}


def spec_summary(spec: PlanSpec) -> list[str]:
    """What an import creates, one line per item, for the preview."""
    kinds = dict(TargetKind.choices)
    lines = [
        _("Kế hoạch %(code)s: %(title)s") % {"code": spec.code, "title": spec.title},
        _(
            "Đơn vị %(unit)s, năm %(year)s, bộ tiêu chí %(criteria_set)s, %(communes)s xã trong "
            "phạm vi"
        )
        % {
            "unit": spec.unit,
            "year": spec.year,
            "criteria_set": set_label(spec.criteria_set),
            "communes": spec.communes_in_scope,
        },
        _("%(documents)s văn bản căn cứ, %(sections)s mục, %(targets)s chỉ tiêu")
        % {
            "documents": len(spec.legal_basis),
            "sections": len(spec.sections),
            "targets": len(spec.targets),
        },
    ]
    for kind, label in kinds.items():
        own = [t for t in spec.targets if t.kind == kind]
        if not own:
            continue
        lines.append(f"{label} ({len(own)}):")
        for t in own:
            extra = []
            if t.added is not None:
                extra.append(_("tăng %(added)s") % {"added": num(t.added)})
            if t.baseline is not None:
                extra.append(_("mốc %(baseline)s") % {"baseline": num(t.baseline)})
            if t.share_printed:
                extra.append(_("tỷ lệ in %(share)s") % {"share": share_text(t.share_printed)})
            tail = f" ({', '.join(extra)})" if extra else ""
            lines.append(f"  {t.key:<22} {t.label}: {goal_text(t)}{tail}")
    return lines


def plan_import(
    *, path: Path, user: Any = None, replace: bool = False, dry_run: bool = False
) -> ImportResult:
    """Import a plan file, all or nothing. A plan with the same code is
    replaced only with ``replace`` (its reported figures, district plans and
    roadmaps stay); the same file imported again changes nothing. The file is
    read and parsed before the write transaction (on SQLite it holds the one
    write lock)."""
    raw, sha = plan_read(path)
    spec, errors = parse_plan(raw, plan_lookups())
    if spec is None:
        raise PlanImportError(errors)
    with transaction.atomic():
        return _plan_store(spec, sha, path=path, user=user, replace=replace, dry_run=dry_run)


def _plan_store(
    spec: PlanSpec, sha: str, *, path: Path, user: Any, replace: bool, dry_run: bool
) -> ImportResult:
    unit = AdminUnit.objects.get(code=spec.unit)
    existing = Plan.objects.filter(code=spec.code).first()
    other = Plan.objects.filter(unit=unit, year=spec.year).exclude(code=spec.code).first()
    if other is not None:
        raise PlanImportError(
            [
                FieldError(
                    "code",
                    _("%(unit)s đã có kế hoạch năm %(year)s mã %(code)s")
                    % {"unit": unit.name, "year": spec.year, "code": other.code},
                )
            ]
        )
    if existing is not None and not replace:
        raise PlanImportError(
            [
                FieldError(
                    "code",
                    _("đã có kế hoạch %(code)s; dùng --replace để thay bằng tệp này")
                    % {"code": spec.code},
                )
            ]
        )
    if existing is not None and existing.parent_id is not None:
        raise PlanImportError(
            [FieldError("code", _("%(code)s là phần giao cho huyện") % {"code": spec.code})]
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
                _(
                    "chỉ tiêu «%(key)s» đã có %(reports)s số liệu báo cáo, không bỏ khỏi kế "
                    "hoạch được"
                )
                % {"key": key, "reports": n},
            )
        )
    cascaded = set(
        Target.objects.filter(plan__parent=plan).exclude(key__in=keep).values_list("key", flat=True)
    )
    for key in sorted(cascaded):
        errors.append(
            FieldError(key, _("chỉ tiêu «%(key)s» đã giao cho huyện, không bỏ được") % {"key": key})
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
    by_id: dict[int | None, str] = {s.pk: s.code for s in sections}
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
