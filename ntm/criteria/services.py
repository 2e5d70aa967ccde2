"""Writes to criteria: loading the shipped sets, revising thresholds."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from ntm.accounts.access import Action, access_has_any
from ntm.core.criteria_catalog import load_shipped_sets
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.errors import RevisionError, ValueParseError
from ntm.core.thresholds import check_threshold_value
from ntm.core.values import parse_value
from ntm.criteria.models import CriteriaSet, Criterion, Indicator, ThresholdRevision
from ntm.criteria.selectors import criteria_catalog, to_core_revision
from ntm.criteria.signals import threshold_revised_on_commit
from ntm.errors import NtmError, translate_core_error


class CriteriaError(NtmError):
    """A refused change, with a message in Vietnamese."""

    code = "criteria"


@dataclass
class LoadResult:
    sets: int
    criteria: int
    indicators: int


def _sync_set(core: CoreSet) -> tuple[int, int]:
    digest = hashlib.sha256(Path(core.source_file).read_bytes()).hexdigest()
    record, _created = CriteriaSet.objects.update_or_create(
        code=core.code,
        defaults={
            "name": core.name,
            "unit_type": str(core.unit_type),
            "first_year": core.first_year,
            "last_year": core.last_year,
            "valid_from": core.valid_from,
            "valid_to": core.valid_to,
            "classification": str(core.classification.kind),
            "source_file": Path(core.source_file).name,
            "sha256": digest,
        },
    )
    kept_criteria, kept_indicators = [], []
    position = 0
    for c_pos, criterion in enumerate(core.criteria):
        c_row, _created = Criterion.objects.update_or_create(
            criteria_set=record,
            code=criterion.code,
            defaults={"name": criterion.name, "group": criterion.group or "", "position": c_pos},
        )
        kept_criteria.append(c_row.pk)
        for measure in criterion.indicators:
            position += 1
            kept_indicators.append(_sync_measure(record, c_row, measure, position))
    for measure in core.conditions:
        position += 1
        kept_indicators.append(_sync_measure(record, None, measure, position))
    try:
        record.indicators.exclude(pk__in=kept_indicators).delete()
        record.criteria.exclude(pk__in=kept_criteria).delete()
    except ProtectedError as exc:
        raise CriteriaError(
            _(
                "Bộ %(set)s: tệp mới bỏ chỉ tiêu đã có số liệu hoặc điều chỉnh ngưỡng; "
                "giữ chỉ tiêu đó trong tệp (đánh dấu không tính) thay vì xoá."
            )
            % {"set": core.code}
        ) from exc
    return len(kept_criteria), len(kept_indicators)


def _sync_measure(record: CriteriaSet, criterion: Criterion | None, measure: Any, pos: int) -> int:
    row, _created = Indicator.objects.update_or_create(
        criteria_set=record,
        code=measure.code,
        defaults={
            "criterion": criterion,
            "name": measure.name,
            "value_type": str(measure.value_type),
            "comparison": str(measure.comparison),
            "unit": measure.unit or "",
            "position": pos,
        },
    )
    return row.pk


@transaction.atomic
def criteria_load(*, directory: Path | None = None) -> LoadResult:
    """Load (or refresh) every shipped set into the database; idempotent. A
    set file with an error stops the whole load, naming file and line."""
    catalog = load_shipped_sets(directory)
    n_criteria = n_indicators = 0
    for core in catalog:
        c, i = _sync_set(core)
        n_criteria += c
        n_indicators += i
    return LoadResult(sets=len(catalog), criteria=n_criteria, indicators=n_indicators)


@transaction.atomic
def threshold_revise(
    *,
    user: Any,
    set_code: str,
    indicator_code: str,
    raw_value: str,
    classes: list[str] | None,
    years: list[int] | None,
    document_number: str,
    document_date: dt.date | None,
    note: str = "",
    verified: bool = True,
) -> ThresholdRevision:
    """Supply or correct a threshold. Needs the right to revise thresholds
    (province scope) and a citation; the value is checked against the
    indicator's type and domain with the same parser as every data entry."""
    # Thresholds are not tied to a unit: holding the right anywhere is enough.
    if user is not None and not access_has_any(user, Action.REVISE_THRESHOLDS):
        raise CriteriaError(
            _("Chỉ Văn phòng Điều phối hoặc quản trị cấp tỉnh được điều chỉnh ngưỡng.")
        )
    if not document_number.strip() or document_date is None:
        raise CriteriaError(_("Cần ghi số và ngày văn bản làm căn cứ điều chỉnh ngưỡng."))
    try:
        record = CriteriaSet.objects.get(code=set_code)
        indicator = record.indicators.get(code=indicator_code)
    except (CriteriaSet.DoesNotExist, Indicator.DoesNotExist):
        raise CriteriaError(
            _("Không có chỉ tiêu %(code)s trong bộ %(set)s.")
            % {"code": indicator_code, "set": set_code}
        ) from None
    core_set = criteria_catalog().get(set_code)
    measure = core_set.measure(indicator_code)
    try:
        value = _parse_threshold(measure, raw_value)
    except (ValueParseError, ValueError) as exc:
        raise CriteriaError(
            _("Ngưỡng «%(value)s» không hợp lệ: %(error)s")
            % {"value": raw_value, "error": translate_core_error(exc)}
        ) from exc
    unknown = [c for c in classes or [] if c not in core_set.classification.codes]
    if unknown:
        raise CriteriaError(
            _("%(classification)s không có trong bộ: %(codes)s")
            % {"classification": core_set.classification.label, "codes": ", ".join(unknown)}
        )
    bad_years = [y for y in years or [] if y not in core_set.years]
    if bad_years:
        raise CriteriaError(
            _("Bộ %(set)s áp dụng %(first)s-%(last)s, không có năm %(years)s.")
            % {
                "set": set_code,
                "first": core_set.first_year,
                "last": core_set.last_year,
                "years": ", ".join(map(str, bad_years)),
            }
        )
    revision = ThresholdRevision(
        criteria_set=record,
        indicator=indicator,
        value=list(value) if isinstance(value, tuple) else value,
        classes=sorted(classes) if classes else None,
        years=sorted(years) if years else None,
        document_number=document_number.strip(),
        document_date=document_date,
        note=note.strip(),
        verified=verified,
        created_by=user,
    )
    try:
        # The core checks the revision exactly as evaluation will use it.
        core_set.with_revisions([to_core_revision(revision)])
    except RevisionError as exc:
        raise CriteriaError(translate_core_error(exc)) from exc
    revision.save()
    threshold_revised_on_commit(sender=ThresholdRevision, set_code=set_code)
    return revision


def _parse_threshold(measure: Any, raw: str) -> object:
    """Thresholds are typed like values, except ``in`` takes a list."""
    if str(measure.comparison) == "in":
        options = [part.strip() for part in raw.split(";") if part.strip()]
        return check_threshold_value(
            measure, tuple(parse_value(option, measure) for option in options)
        )
    value = parse_value(raw, measure)
    if value is None:
        raise ValueError(_("chưa nhập ngưỡng"))
    return check_threshold_value(measure, value)
