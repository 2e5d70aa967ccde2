"""The world of the authorisation matrix (test_authorization_matrix.py): the
demo accounts of every role, and for three communes (the commune officer's
own, another of the same district, one of another district) a draft report
with a value and its evidence, an import batch, a document built with
drafts, a background job and a roadmap with a milestone."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile

OWN, SIBLING, OTHER = "own", "sibling", "other"
TARGETS = (OWN, SIBLING, OTHER)
PERIOD = "2023"


@dataclass
class Objects:
    """What one commune holds, by the URL kwarg it fills."""

    commune: Any
    district: Any
    officer: Any
    ids: dict[str, Any] = field(default_factory=dict)


@dataclass
class World:
    users: dict[str, Any]  # by role name of the matrix
    targets: dict[str, Objects]
    shared: dict[str, Any]  # kwargs of objects that belong to no commune


def _communes() -> dict[str, Any]:
    from ntm.units.models import AdminUnit

    own = AdminUnit.objects.get(name="Xã Tân Liên")
    sibling = (
        own.parent.children.filter(type="xa", in_programme=True)
        .exclude(pk=own.pk)
        .order_by("code")
        .first()
    )
    other = (
        AdminUnit.objects.filter(parent__name="Huyện Đình Lập", type="xa", in_programme=True)
        .order_by("code")
        .first()
    )
    return {OWN: own, SIBLING: sibling, OTHER: other}


def _officer(commune: Any) -> Any:
    from ntm.accounts.models import Role, RoleAssignment, User

    user, created = User.objects.get_or_create(username=f"xa-{commune.code}")
    if created:
        RoleAssignment.objects.create(user=user, role=Role.COMMUNE_OFFICER, unit=commune)
    return user


def _report(commune: Any, officer: Any) -> tuple[int, int]:
    """A draft report with one value and its evidence: (report, evidence)."""
    from ntm.monitoring.models import Evidence, IndicatorValue
    from ntm.monitoring.services import period_get_or_create, report_get_or_create, value_save

    report = report_get_or_create(unit=commune, period=period_get_or_create(PERIOD))
    value_save(user=officer, report=report, indicator_code="2.1", raw="80", expected_version=0)
    value = IndicatorValue.objects.get(report=report, indicator__code="2.1")
    content = b"%PDF-1.4 minh chung"
    evidence = Evidence(
        value=value,
        original_name="minh-chung.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=officer,
    )
    evidence.file.save("minh-chung.pdf", ContentFile(content), save=False)
    evidence.save()
    return report.pk, evidence.pk


def _batch(commune: Any, officer: Any) -> int:
    from ntm.exchange.services import import_upload
    from tests.exchange.conftest import fill, make_template

    data = fill(make_template(commune), {(commune.code, "1.1"): "Đạt"})
    return import_upload(user=officer, data=data, filename="xa.xlsx").pk


def _document(commune: Any, officer: Any) -> tuple[int, int]:
    """A commune report built with its drafts, and its job: (document, job)."""
    from ntm.jobs.services import job_create
    from ntm.reports.models import GeneratedDocument

    job = job_create(kind="report", title="Báo cáo xã", user=officer, unit=commune)
    document = GeneratedDocument(
        kind="xa",
        title="Báo cáo xã",
        period_code=PERIOD,
        unit=commune,
        params={"drafts": True, "pdf": False},
        job=job,
        requested_by=officer,
        status=GeneratedDocument.Status.DONE,
    )
    document.save()
    document.docx.save("bao-cao.docx", ContentFile(b"PK docx"), save=False)
    document.save()
    return document.pk, job.pk


def _roadmap(plan: Any, commune: Any, officer: Any) -> tuple[int, int, int]:
    """A roadmap with a milestone, and a targeted commune without one:
    (targeted, milestone, bare targeted)."""
    from ntm.planning.models import Level, Milestone, MilestoneStatus, TargetedCommune

    bare = TargetedCommune.objects.create(plan=plan, unit=commune, level=Level.MODEL)
    targeted = TargetedCommune.objects.create(plan=plan, unit=commune, level=Level.NTM)
    milestone = Milestone.objects.create(
        targeted=targeted,
        criterion="2",
        title="Hoàn thành tiêu chí 2",
        responsible="UBND xã",
        due_date=dt.date(int(PERIOD), 6, 30),
        status=MilestoneStatus.IN_PROGRESS,
        created_by=officer,
    )
    return targeted.pk, milestone.pk, bare.pk


def _plan_objects() -> tuple[Any, dict[str, Any]]:
    from ntm.demo.planning import PLAN_FILE
    from ntm.planning.models import ReportedActual, Target
    from ntm.planning.services.plan_import import plan_import

    plan = plan_import(path=PLAN_FILE).plan
    target = Target.objects.filter(plan=plan, measure="reported").order_by("position").first()
    actual = ReportedActual(target=target, value=1, as_of=dt.date(int(PERIOD), 6, 30))
    actual.evidence_sha256 = "0" * 64
    actual.evidence_name = "bien-ban.pdf"
    actual.evidence.save("bien-ban.pdf", ContentFile(b"%PDF-1.4"), save=False)
    actual.save()
    return plan, {"plan": plan.code, "key": target.key, "actual": actual.pk}


def build_world() -> World:
    from ntm.accounts.models import User
    from ntm.criteria.services import criteria_load
    from ntm.demo.accounts import demo_users_ensure
    from ntm.units.management.commands.units import DEFAULT_CSV
    from ntm.units.services import units_import

    units_import(path=DEFAULT_CSV)
    criteria_load()
    demo_users_ensure()
    demo = {u.username: u for u in User.objects.all()}
    users = {
        "admin": demo["quantri"],
        "office": demo["vpdp"],
        "department": demo["soxaydung"],
        "district": demo["caoloc"],
        "commune": demo["tanlien"],
        "leader": demo["lanhdao"],
        "no_role": User.objects.create_user("khong-vai-tro"),
    }
    plan, shared = _plan_objects()
    targets = {}
    for name, commune in _communes().items():
        officer = demo["tanlien"] if name == OWN else _officer(commune)
        objects = Objects(commune=commune, district=commune.parent, officer=officer)
        report, evidence = _report(commune, officer)
        document, job = _document(commune, officer)
        targeted, milestone, bare_targeted = _roadmap(plan, commune, officer)
        objects.ids = {
            "report": report,
            "evidence": evidence,
            "batch": _batch(commune, officer),
            "document": document,
            "job": job,
            "targeted": targeted,
            "milestone": milestone,
            "bare_targeted": bare_targeted,
        }
        targets[name] = objects
    return World(users=users, targets=targets, shared=shared)
