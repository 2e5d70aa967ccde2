"""Figures reported by the responsible bodies for targets the monitoring data
cannot compute, each with its evidence file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ntm.accounts.access import Action, access_require
from ntm.core.errors import CriteriaLookupError, ValueParseError
from ntm.core.evidence import EvidenceRefused, evidence_accept
from ntm.core.numbers_vi import parse_number_text
from ntm.criteria.selectors import criteria_catalog
from ntm.dates import local_today
from ntm.planning.measures import REPORTED
from ntm.planning.models import ReportedActual, Target
from ntm.planning.services.access import acting_user
from ntm.planning.services.errors import PlanningError
from ntm.units.models import AdminUnit
from ntm.units.selectors import unit_programme_communes
from ntm.upload_limits import evidence_max_bytes


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
    upload: UploadedFile[bytes] | None = None,
) -> ReportedActual:
    """Record what the responsible body reports for a target the monitoring
    data cannot compute, with its evidence file."""
    plan = target.plan
    access_require(
        user,
        Action.MANAGE_PLANS,
        plan.unit,
        _("Bạn không được nhập số liệu thực hiện kế hoạch của %(unit)s.")
        % {"unit": plan.unit.name},
    )
    if target.measure != REPORTED:
        raise PlanningError(
            _("Chỉ tiêu «%(label)s» được tính từ số liệu theo dõi, không nhập tay.")
            % {"label": target.label}
        )
    if as_of.year != plan.year:
        raise PlanningError(_("Ngày số liệu phải trong năm %(year)s.") % {"year": plan.year})
    if as_of > local_today():
        raise PlanningError(_("Ngày số liệu không được sau hôm nay."))
    row = ReportedActual(
        target=target,
        value=parse_figure(value),
        as_of=as_of,
        note=note.strip(),
        reported_by=acting_user(user),
    )
    if upload is not None:
        try:
            accepted = evidence_accept(upload, evidence_max_bytes())
        except EvidenceRefused as exc:
            raise PlanningError(str(exc)) from exc
        row.evidence_sha256 = accepted.sha256
        row.evidence_name = accepted.name
        row.evidence.save(accepted.name, upload, save=False)
    row.save()
    return row


def catalog_set_name(code: str) -> str:
    try:
        return criteria_catalog().get(code).name
    except CriteriaLookupError:
        return code


def unit_communes_count(unit: AdminUnit) -> int:
    return unit_programme_communes(unit).count()
