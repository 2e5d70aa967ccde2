"""Every write to monitoring data: values (with optimistic locking and
history), evidence, and the report workflow (submit, appraise, return,
approve, reopen). Each call checks access itself, so the web form, the Excel
import and the API get the same rules."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ntm.accounts.access import Action, access_require
from ntm.accounts.models import User
from ntm.core.criteria_model import Measure
from ntm.core.errors import ValueParseError
from ntm.core.evidence import AcceptedEvidence, EvidenceRefused, evidence_accept
from ntm.core.periods import PeriodError, parse_period
from ntm.core.values import parse_value, value_implausible
from ntm.criteria.models import Indicator
from ntm.criteria.selectors import criteria_catalog, set_label
from ntm.dates import format_moment
from ntm.errors import NtmError, translate_core_error
from ntm.monitoring.evaluations import evaluations_recompute
from ntm.monitoring.models import (
    EDITABLE_STATUSES,
    Evidence,
    IndicatorValue,
    Period,
    Report,
    ReportEvent,
    ReportStatus,
    ValueChange,
)
from ntm.units.models import AdminUnit
from ntm.upload_limits import evidence_max_bytes


class MonitoringError(NtmError):
    """A refused action; the message (Vietnamese) says why. Nothing was saved."""

    code = "monitoring"


class ValueConflict(MonitoringError):
    """Someone else saved the value since it was read."""

    code = "value_conflict"

    def __init__(self, current: IndicatorValue | None, message: str):
        self.current = current
        super().__init__(message)


class ImplausibleValue(MonitoringError):
    """A value outside the indicator's plausible range, not confirmed:
    nothing was saved; the same save with ``confirmed=True`` goes through."""

    code = "value_implausible"


def period_get_or_create(code: str) -> Period:
    try:
        spec = parse_period(code)
    except PeriodError as exc:
        raise MonitoringError(str(exc)) from exc
    period, _created = Period.objects.get_or_create(
        code=spec.code,
        defaults={
            "kind": spec.kind,
            "year": spec.year,
            "number": spec.number,
            "start": spec.start,
            "end": spec.end,
        },
    )
    return period


def report_get_or_create(*, unit: AdminUnit, period: Period) -> Report:
    if not (unit.is_commune and unit.in_programme):
        raise MonitoringError(
            _("%(unit)s không thuộc Chương trình xây dựng NTM cấp xã.") % {"unit": unit.name}
        )
    report, _created = Report.objects.get_or_create(unit=unit, period=period)
    return report


@transaction.atomic
def report_open(*, user: User, unit: AdminUnit, period_code: str) -> Report:
    """Start a commune's report for a period (the "Bắt đầu nhập số liệu"
    button): its period and report are created here, by a POST, never by
    opening a page. Opening one that exists returns it."""
    access_require(
        user,
        Action.ENTER_VALUES,
        unit,
        _("Bạn không được nhập số liệu của %(xa)s.") % {"xa": unit.name},
    )
    return report_get_or_create(unit=unit, period=period_get_or_create(period_code))


def report_measure(
    report: Report, indicator_code: str, set_code: str | None = None
) -> tuple[Indicator, Measure]:
    """The indicator (row and law) of a code in one of the sets the report is
    judged against: ``set_code``, or the first (main) set when not given.
    Codes repeat across sets (criterion 11 of the commune and advanced sets)."""
    sets = criteria_catalog().sets_for(report.unit.judged_as, report.period.year)
    for cset in sets if set_code is None else [s for s in sets if s.code == set_code]:
        if cset.has_measure(indicator_code):
            row = Indicator.objects.get(criteria_set__code=cset.code, code=indicator_code)
            return row, cset.measure(indicator_code)
        if set_code is None:
            break
    raise MonitoringError(
        _("Chỉ tiêu «%(code)s» không thuộc bộ tiêu chí %(set)s áp dụng cho năm %(year)s.")
        % {
            "code": indicator_code,
            "set": set_label(set_code or (sets[0].code if sets else "")),
            "year": report.period.year,
        }
    )


def value_last_edit(value: IndicatorValue) -> str:
    """Who saved the value last, and when, as a conflict message says it."""
    name = str(value.updated_by) if value.updated_by else _("hệ thống")
    return _("%(name)s lúc %(time)s") % {
        "name": name,
        "time": format_moment(value.updated_at),
    }


def _locked_editable(report: Report) -> Report:
    """The report locked for the write, if it may still be changed."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status not in EDITABLE_STATUSES:
        raise MonitoringError(
            _("Báo cáo %(period)s của %(unit)s đang ở trạng thái «%(status)s», không sửa được.")
            % {
                "period": report.period,
                "unit": report.unit.name,
                "status": report.get_status_display(),
            }
        )
    return report


@transaction.atomic
def value_save(
    *,
    user: User,
    report: Report,
    indicator_code: str,
    raw: str,
    expected_version: int,
    note: str = "",
    reason: str = "",
    set_code: str | None = None,
    recompute: bool = True,
    confirmed: bool = False,
) -> IndicatorValue:
    """Save one value. ``expected_version`` is the version the person saw (0
    for a value not entered yet); if someone saved in between, nothing is
    written and ``ValueConflict`` carries the other person's value. A value
    outside the plausible range needs ``confirmed`` (else ``ImplausibleValue``);
    the history keeps that it was confirmed."""
    access_require(
        user,
        Action.ENTER_VALUES,
        report.unit,
        _("Bạn không được nhập số liệu của %(xa)s.") % {"xa": report.unit.name},
    )
    report = _locked_editable(report)
    indicator, measure = report_measure(report, indicator_code, set_code)
    raw = raw.strip()
    try:
        parsed = parse_value(raw, measure)
    except ValueParseError as exc:
        raise MonitoringError(
            _("%(indicator)s: %(problem)s")
            % {"indicator": indicator_code, "problem": translate_core_error(exc)}
        ) from exc
    current = IndicatorValue.objects.filter(report=report, indicator=indicator).first()
    current_version = current.version if current else 0
    if current_version != expected_version:
        shown = f"«{current.raw_text}» ({value_last_edit(current)})" if current else _("đã bị xoá")
        raise ValueConflict(
            current,
            _(
                "%(code)s: người khác đã lưu giá trị %(shown)s sau khi bạn mở trang. "
                "Giá trị của bạn chưa được lưu; xem lại rồi nhập lại nếu cần."
            )
            % {"code": indicator_code, "shown": shown},
        )
    if current and current.raw_text == raw and current.note == note.strip():
        return current
    # Asked once, when the value changes (a note edited later needs no new confirmation).
    unusual = None if current and current.raw_text == raw else value_implausible(parsed, measure)
    if unusual is not None and not confirmed:
        raise ImplausibleValue(
            _("%(indicator)s: %(problem)s. Giá trị chưa được lưu.")
            % {"indicator": indicator_code, "problem": unusual.render(_)}
        )
    old_raw, old_note = (current.raw_text, current.note) if current else ("", "")
    if current is None:
        current = IndicatorValue(report=report, indicator=indicator, version=0)
    current.raw_text, current.value, current.note = raw, parsed, note.strip()
    current.version += 1
    current.updated_by = user
    current.save()
    ValueChange.objects.create(
        value=current,
        version=current.version,
        old_raw=old_raw,
        new_raw=raw,
        old_note=old_note,
        new_note=current.note,
        reason=reason.strip(),
        changed_by=user,
        implausible_confirmed=unusual is not None,
    )
    if recompute:
        evaluations_recompute([report.pk])
    return current


# -- evidence ------------------------------------------------------------------


def evidence_add(*, user: User, value: IndicatorValue, upload: UploadedFile[bytes]) -> Evidence:
    """Check an evidence file, then keep it. The file is checked before the
    write transaction starts (on SQLite it holds the one write lock); the
    report's status is checked again inside it, under its row lock."""
    report = value.report
    access_require(
        user,
        Action.ENTER_VALUES,
        report.unit,
        _("Bạn không được thêm minh chứng cho %(xa)s.") % {"xa": report.unit.name},
    )
    if report.status not in EDITABLE_STATUSES:
        raise MonitoringError(_("Báo cáo đã gửi hoặc đã khoá, không thêm minh chứng được."))
    try:
        accepted = evidence_accept(upload, evidence_max_bytes())
    except EvidenceRefused as exc:
        raise MonitoringError(translate_core_error(exc)) from exc
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.status not in EDITABLE_STATUSES:
            raise MonitoringError(_("Báo cáo đã gửi hoặc đã khoá, không thêm minh chứng được."))
        return _evidence_store(user=user, value=value, upload=upload, accepted=accepted)


def _evidence_store(
    *, user: User, value: IndicatorValue, upload: UploadedFile[bytes], accepted: AcceptedEvidence
) -> Evidence:
    evidence = Evidence(
        value=value,
        original_name=accepted.name,
        content_type=accepted.content_type,
        size=upload.size or 0,  # Django sets it on every upload
        sha256=accepted.sha256,
        uploaded_by=user,
    )
    evidence.file.save(accepted.name, upload, save=False)
    evidence.save()
    return evidence


# -- workflow --------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    action: Action
    allowed_from: tuple[str, ...]
    to: str
    needs_reason: bool
    refused: str  # message when the user lacks the right (translated when raised)


TRANSITIONS = {
    "submit": Transition(
        Action.SUBMIT,
        EDITABLE_STATUSES,
        ReportStatus.SUBMITTED,
        False,
        gettext_noop("Chỉ cán bộ của xã được gửi báo cáo của xã."),
    ),
    "appraise": Transition(
        Action.APPRAISE,
        (ReportStatus.SUBMITTED,),
        ReportStatus.APPRAISED,
        False,
        gettext_noop("Chỉ cán bộ huyện quản lý xã được thẩm định."),
    ),
    "return_by_district": Transition(
        Action.APPRAISE,
        (ReportStatus.SUBMITTED,),
        ReportStatus.RETURNED,
        True,
        gettext_noop("Chỉ cán bộ huyện quản lý xã được trả lại báo cáo."),
    ),
    "approve": Transition(
        Action.APPROVE,
        (ReportStatus.APPRAISED,),
        ReportStatus.APPROVED,
        False,
        gettext_noop("Chỉ Văn phòng Điều phối tỉnh được phê duyệt."),
    ),
    "return_by_province": Transition(
        Action.APPROVE,
        (ReportStatus.APPRAISED,),
        ReportStatus.RETURNED,
        True,
        gettext_noop("Chỉ Văn phòng Điều phối tỉnh được trả lại báo cáo."),
    ),
    "reopen": Transition(
        Action.REOPEN,
        (ReportStatus.APPROVED,),
        ReportStatus.DRAFT,
        True,
        gettext_noop("Chỉ quản trị hệ thống cấp tỉnh được mở khoá báo cáo đã phê duyệt."),
    ),
}


@transaction.atomic
def report_transition(
    *, user: User, report: Report, name: str, reason: str = "", expected_status: str | None = None
) -> Report:
    """Move a report through the workflow, recording the event. A report
    someone else moved since the page was opened is not moved again."""
    transition = TRANSITIONS[name]
    access_require(user, transition.action, report.unit, _(transition.refused))
    report = Report.objects.select_for_update().select_related("unit", "period").get(pk=report.pk)
    if expected_status is not None and report.status != expected_status:
        raise MonitoringError(
            _("Báo cáo đã chuyển sang «%(status)s» bởi người khác; tải lại trang để xem.")
            % {"status": report.get_status_display()}
        )
    if report.status not in transition.allowed_from:
        raise MonitoringError(
            _("Không thể thực hiện khi báo cáo đang «%(status)s».")
            % {"status": report.get_status_display()}
        )
    if transition.needs_reason and not reason.strip():
        raise MonitoringError(_("Cần ghi lý do."))
    if name == "submit" and not report.values.exclude(raw_text="").exists():
        raise MonitoringError(_("Chưa có số liệu nào để gửi."))
    ReportEvent.objects.create(
        report=report,
        from_status=report.status,
        to_status=transition.to,
        reason=reason.strip(),
        actor=user,
    )
    report.status = transition.to
    report.status_changed_at = timezone.now()
    report.save(update_fields=["status", "status_changed_at"])
    return report


# -- unit facts --------------------------------------------------------------------


def _fact_shown(value: object) -> str:
    # Part of the event reason stored below: kept in Vietnamese (no code yet).
    if value is None:
        return gettext_noop("chưa rõ")
    return gettext_noop("có") if value else gettext_noop("không")


@transaction.atomic
def report_facts_update(
    *, user: User, report: Report, facts: dict[str, bool | None], reason: str = ""
) -> Report:
    """Set the commune facts that decide which indicators apply (e.g. "has a
    traditional craft"). A change is recorded as a report event whose status
    does not move, so the report history says who changed what and when."""
    access_require(
        user,
        Action.ENTER_VALUES,
        report.unit,
        _("Bạn không được sửa thông tin của %(xa)s.") % {"xa": report.unit.name},
    )
    report = Report.objects.select_for_update().select_related("unit", "period").get(pk=report.pk)
    if report.status not in EDITABLE_STATUSES:
        raise MonitoringError(
            _("Báo cáo đang ở trạng thái «%(status)s», không sửa được.")
            % {"status": report.get_status_display()}
        )
    known = {
        fact.code: fact.name
        for cset in criteria_catalog().sets_for(report.unit.judged_as, report.period.year)
        for fact in cset.facts
    }
    unknown = sorted(set(facts) - set(known))
    if unknown:
        raise MonitoringError(
            _("Không có thông tin xã: %(facts)s.") % {"facts": ", ".join(unknown)}
        )
    changes = [
        f"«{known[code]}»: {_fact_shown(report.facts.get(code))} → {_fact_shown(value)}"
        for code, value in facts.items()
        if report.facts.get(code) != value
    ]
    if not changes:
        return report
    new_facts = dict(report.facts)
    for code, value in facts.items():
        if value is None:
            new_facts.pop(code, None)
        else:
            new_facts[code] = bool(value)
    report.facts = new_facts
    report.save(update_fields=["facts"])
    text = gettext_noop("Sửa thông tin xã: %(changes)s") % {"changes": "; ".join(changes)}
    ReportEvent.objects.create(
        report=report,
        from_status=report.status,
        to_status=report.status,
        reason=f"{text}. {reason.strip()}" if reason.strip() else text,
        actor=user,
    )
    evaluations_recompute([report.pk])
    return report
