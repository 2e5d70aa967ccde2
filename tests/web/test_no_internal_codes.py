"""What people read carries no internal code: every page of the demo (every
named URL pattern, as the administrator and as the commune officer), every
kind of Word document, the workbooks and CSV headers of the exports, and the
command line's answers show Vietnamese labels, never a snake_case identifier
(``hai_long``, ``no_dong_xdcb``, ``road_km``) nor a criteria-set code
(``xa-ntm-2021-2025``).

The demo is loaded once for the module (units, criteria, accounts, the
synthetic figures of 2022-2023 and the 2023 plan with its roadmaps) inside a
transaction rolled back at the end."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.web.test_extreme_values import NOT_PAGES as NO_VALUE_PAGES
from tests.web.test_extreme_values import _names
from tests.web.visible_text import csv_header, docx_text, html_text, internal_codes, xlsx_text

pytestmark = pytest.mark.django_db

PERIOD, YEAR = "2023-Q4", "2023"
MAIN = "xa-ntm-2021-2025"
TAN_LIEN, CAO_LOC, PROVINCE = "6244", "183", "20"
# Words that look like identifiers but are what the person typed or reads
# as such; each with its reason. (Kept short on purpose.)
ALLOWED: set[str] = set()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[dict[str, Any]]:
    from ntm.accounts.models import User
    from ntm.criteria.services import criteria_load
    from ntm.demo.accounts import demo_users_ensure
    from ntm.demo.dataset import DEFAULT_SEED
    from ntm.demo.loader import demo_monitoring_load
    from ntm.demo.planning import demo_planning_load
    from ntm.units.management.commands.units import DEFAULT_CSV
    from ntm.units.services import units_import

    with django_db_blocker.unblock(), transaction.atomic():
        units_import(path=DEFAULT_CSV)
        criteria_load()
        demo_users_ensure()
        demo_monitoring_load(seed=DEFAULT_SEED)
        demo_planning_load()
        users = {u.username: u for u in User.objects.all()}
        yield {"users": users, **_objects(users)}
        transaction.set_rollback(True)


def _objects(users: dict[str, Any]) -> dict[str, Any]:
    """The ids the pages need: a report, a roadmap and milestone, a built
    document with its job, an import batch."""
    from ntm.exchange.services import import_upload
    from ntm.monitoring.models import Report
    from ntm.planning.models import Milestone, Plan, TargetedCommune
    from ntm.reports.services import document_build, document_request
    from ntm.units.models import AdminUnit
    from tests.exchange.conftest import make_template

    tan_lien = AdminUnit.objects.get(code=TAN_LIEN)
    targeted = TargetedCommune.objects.filter(unit=tan_lien).first()
    assert targeted is not None
    document = document_request(
        user=users["quantri"], kind="xa", unit=tan_lien, period_code=PERIOD, pdf=False
    )
    document_build(document.pk)
    batch = import_upload(
        user=users["tanlien"], data=make_template(tan_lien, "2024"), filename="tan-lien.xlsx"
    )
    return {
        "report": Report.objects.get(unit=tan_lien, period__code=PERIOD).pk,
        "plan": Plan.objects.get().code,
        "targeted": targeted.pk,
        "milestone": Milestone.objects.filter(targeted=targeted).first().pk,  # type: ignore[union-attr]
        "document": document.pk,
        "job": document.job_id,
        "batch": batch.pk,
    }


Page = Callable[[dict[str, Any]], tuple[str, dict[str, Any]]]


def _key(code: str) -> dict[str, str]:
    return {"set": MAIN, "code": code}


DASHBOARD_TABLES = ("tong-quan", "tieu-chi", "huyen", "huyen-tieu-chi", "xu-huong", "muc-dat")
PAGES: dict[str, list[Page]] = {
    "home": [lambda d: (reverse("home"), {})],
    "login": [lambda d: (reverse("login"), {})],
    "password_change": [lambda d: (reverse("password_change"), {})],
    "units:browse": [lambda d: (reverse("units:browse"), {})],
    "units:detail": [
        lambda d, c=code: (reverse("units:detail", args=[c]), {})
        for code in (PROVINCE, CAO_LOC, TAN_LIEN)
    ],
    "criteria:list": [lambda d: (reverse("criteria:list"), {})],
    "criteria:detail": [
        lambda d, c=code: (reverse("criteria:detail", args=[c]), {"vung": "TDMNPB", "nam": 2023})
        for code in (MAIN, "xa-ntm-nang-cao-2021-2025", "xa-ntm-kieu-mau-2021-2025")
    ],
    "criteria:revise": [lambda d: (reverse("criteria:revise", args=[MAIN, "10"]), {})],
    "monitoring:dashboard": [
        lambda d, p=period: (reverse("monitoring:dashboard"), {"ky": p})
        for period in (PERIOD, "2022")
    ]
    + [
        lambda d, t=table: (reverse("monitoring:dashboard"), {"ky": PERIOD, "xlsx": t})
        for table in (*DASHBOARD_TABLES, "nhom", "cong-nhan", "chua-phe-duyet")
    ],
    "monitoring:district_dashboard": [
        lambda d: (reverse("monitoring:district_dashboard", args=[CAO_LOC]), {"ky": PERIOD})
    ]
    + [
        lambda d, t=table: (
            reverse("monitoring:district_dashboard", args=[CAO_LOC]),
            {"ky": PERIOD, "xlsx": t},
        )
        for table in ("tong-quan", "tieu-chi", "xa", "muc-dat")
    ],
    "monitoring:scorecard": [
        lambda d: (reverse("monitoring:scorecard", args=[TAN_LIEN]), {"ky": PERIOD})
    ]
    + [
        lambda d, t=table: (
            reverse("monitoring:scorecard", args=[TAN_LIEN]),
            {"ky": PERIOD, "xlsx": t},
        )
        for table in ("can-dat", "chi-tieu", "cong-nhan", "lich-su")
    ],
    "monitoring:entry_home": [lambda d: (reverse("monitoring:entry_home"), {"ky": PERIOD})],
    "monitoring:entry": [lambda d: (reverse("monitoring:entry", args=[TAN_LIEN, PERIOD]), {})],
    "monitoring:queue": [lambda d: (reverse("monitoring:queue"), {})],
    "monitoring:review": [lambda d: (reverse("monitoring:review", args=[d["report"]]), {})],
    "monitoring:value_row": [
        lambda d, c=code: (reverse("monitoring:value_row", args=[d["report"]]), _key(c))
        for code in ("2.1", "10", "17.4")
    ],
    "monitoring:value_history": [
        lambda d: (reverse("monitoring:value_history", args=[d["report"]]), _key("10"))
    ],
    "jobs:status": [lambda d: (reverse("jobs:status", args=[d["job"]]), {})],
    "planning:home": [lambda d: (reverse("planning:home"), {})],
    "planning:detail": [lambda d: (reverse("planning:detail", args=[d["plan"]]), {})],
    "planning:dashboard": [
        lambda d: (reverse("planning:dashboard", args=[d["plan"]]), {"ky": PERIOD}),
        lambda d: (reverse("planning:dashboard", args=[d["plan"]]), {"huyen": CAO_LOC}),
        lambda d: (reverse("planning:dashboard", args=[d["plan"]]), {"xlsx": "1"}),
    ],
    "planning:cascade": [lambda d: (reverse("planning:cascade", args=[d["plan"]]), {})],
    "planning:targeted": [lambda d: (reverse("planning:targeted", args=[d["plan"]]), {})],
    "planning:candidates": [lambda d: (reverse("planning:candidates", args=[d["plan"]]), {})],
    "planning:overdue": [lambda d: (reverse("planning:overdue", args=[d["plan"]]), {})],
    "planning:report_actual": [
        lambda d, k=key: (reverse("planning:report_actual", args=[d["plan"], k]), {})
        for key in ("road_km", "direct_budget")
    ],
    "planning:roadmap": [lambda d: (reverse("planning:roadmap", args=[d["targeted"]]), {})],
    "planning:milestone_row": [
        lambda d: (reverse("planning:milestone_row", args=[d["milestone"]]), {})
    ],
    "exchange:home": [lambda d: (reverse("exchange:home"), {})],
    "exchange:template": [
        lambda d: (reverse("exchange:template"), {"don_vi": TAN_LIEN, "ky": "2024"})
    ],
    "exchange:batch": [lambda d: (reverse("exchange:batch", args=[d["batch"]]), {})],
    "exchange:batch_status": [lambda d: (reverse("exchange:batch_status", args=[d["batch"]]), {})],
    "exchange:batch_xlsx": [lambda d: (reverse("exchange:batch_xlsx", args=[d["batch"]]), {})],
    "exchange:history_xlsx": [lambda d: (reverse("exchange:history_xlsx"), {})],
    "exchange:export": [
        lambda d, f=fmt: (
            reverse("exchange:export"),
            {"don_vi": TAN_LIEN, "ky": PERIOD, "dinh_dang": f},
        )
        for fmt in ("xlsx", "csv")
    ],
    "reports:home": [lambda d: (reverse("reports:home"), {})],
    "reports:row": [lambda d: (reverse("reports:row", args=[d["document"]]), {})],
    "reports:download": [lambda d: (reverse("reports:download", args=[d["document"], "docx"]), {})],
}
# Pages that only take POST, or serve a stored file the person uploaded.
NOT_PAGES = NO_VALUE_PAGES


def visible_text(response: Any) -> str:
    kind = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in kind:
        return xlsx_text(content)
    if "wordprocessingml" in kind:
        return docx_text(content)
    if "csv" in kind:
        return csv_header(content)
    if "json" in kind:
        return ""  # data for programs, keyed in English on purpose
    return html_text(content.decode("utf-8"))


def test_every_page_is_scanned() -> None:
    from django.urls import get_resolver

    missing = set(_names(get_resolver())) - set(PAGES) - NOT_PAGES
    assert not missing, f"pages not scanned for internal codes: {sorted(missing)}"


@pytest.mark.parametrize("username", ["quantri", "tanlien"])
def test_pages_show_no_internal_code(demo: dict[str, Any], username: str) -> None:
    client = Client()
    client.force_login(demo["users"][username])
    found = []
    for pages in PAGES.values():
        for page in pages:
            url, params = page(demo)
            response = client.get(url, params)
            if response.status_code != 200:
                if username == "quantri":  # the administrator sees every page
                    found.append(f"{url} {params}: {response.status_code}")
                continue
            found += [
                f"{url} {params}: {c}" for c in internal_codes(visible_text(response), ALLOWED)
            ]
    assert found == []


APPROVED = "approved"  # a commune whose report of the period is approved
DOCUMENTS = [
    ("xa", APPROVED, PERIOD, {}),
    ("huyen", CAO_LOC, PERIOD, {}),
    ("tien-do", PROVINCE, YEAR, {}),
    ("tien-do", PROVINCE, PERIOD, {}),
    ("so-nganh", PROVINCE, PERIOD, {"criteria": [1, 9, 17], "organisation": "Sở Xây dựng"}),
    ("ke-hoach", PROVINCE, "", {"plan": "KH-NTM-LS-2023"}),
]


def _approved_commune() -> str:
    from ntm.monitoring.models import Report

    report = Report.objects.filter(period__code=PERIOD, status="approved").order_by("pk").first()
    assert report is not None
    return str(report.unit.code)


@pytest.mark.parametrize(("kind", "unit", "period", "params"), DOCUMENTS)
def test_documents_show_no_internal_code(demo, kind, unit, period, params) -> None:  # type: ignore[no-untyped-def]
    from ntm.reports.services import document_build_now
    from ntm.units.models import AdminUnit

    if unit == APPROVED:
        unit = _approved_commune()
    _name, docx = document_build_now(
        kind=kind, unit=AdminUnit.objects.get(code=unit), period_code=period, params=params
    )
    assert internal_codes(docx_text(docx), ALLOWED) == []


COMMANDS = [
    ["status", "--summary", "--period", PERIOD],
    ["status", "--unit", APPROVED, "--period", PERIOD],
    ["status", "--summary", "--unit", CAO_LOC, "--period", PERIOD],
    ["criteria", "list"],
    ["criteria", "show", MAIN],
    ["plan", "list"],
    ["plan", "check", "KH-NTM-LS-2023"],
    ["plan", "progress", "KH-NTM-LS-2023", "--period", PERIOD],
]


# `ntm criteria list` names each set by the code the next command takes
# (`ntm criteria show xa-ntm-2021-2025`): there the codes are the answer.
LISTS_SET_CODES = ["criteria", "list"]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_command_line_answers_show_no_internal_code(demo, args) -> None:  # type: ignore[no-untyped-def]
    from ntm.criteria.selectors import shipped_catalog

    args = [_approved_commune() if a == APPROVED else a for a in args]

    out = StringIO()
    # A check that finds problems exits non-zero; its text is what counts.
    with contextlib.suppress(SystemExit, CommandError):
        call_command(*args, stdout=out, stderr=out)
    allowed = ALLOWED | (set(shipped_catalog().codes) if args == LISTS_SET_CODES else set())
    assert out.getvalue().strip()
    assert internal_codes(out.getvalue(), allowed) == []
