"""A stored value can never make a page fail.

Extreme values are written straight into the database, as an old release, a
hand edit or another database client could have left them (the services
refuse them now): 10^27 and -10^27, a 28-digit number, -0, a tiny fraction,
values over 10^300 and 10^400, values of the wrong kind, and thresholds at
the same extremes. Then every page of
the URL configuration that shows that commune, its district or the province
is requested as every role: no exception and no 500; the administrator gets
each page (200, or the status given below). A page added to the URL
configuration without an entry here fails ``test_every_page_is_covered``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ntm.core.criteria_model import ValueType
from ntm.criteria.models import Indicator, ThresholdRevision
from ntm.criteria.selectors import criteria_catalog
from ntm.monitoring.evaluations import evaluations_recompute
from ntm.monitoring.models import IndicatorValue, Report
from ntm.units.models import AdminUnit
from tests.monitoring.conftest import fill_report, monitoring_world  # noqa: F401
from tests.planning.conftest import plan_2023  # noqa: F401

pytestmark = pytest.mark.django_db

MAIN, MODEL = "xa-ntm-2021-2025", "xa-ntm-kieu-mau-2021-2025"
TAN_LIEN, CAO_LOC = "6244", "183"

# The values stored, bypassing every check, on the percent indicators of the
# main set (in order), then on the numbers and counts.
PERCENT_EXTREMES: list[Any] = [
    1e27,
    -1e27,
    1234567890123456789012345678,  # 28 digits
    -0.0,
    1e-300,
    10**40,
    1.2345678901234567e300,
    0.1234567890123456789,
    10**400,  # beyond any float
    "abc",  # a text where a number belongs
    True,
    [1, 2],
]
NUMBER_EXTREMES = {"10": 10**27, "17.4": -(10**27)}
MODEL_EXTREMES = {"K2": 1e308, "K3": 10**60, "K4": -0.0}
# Thresholds stored the same way (a revision is normally checked by threshold_revise).
THRESHOLD_EXTREMES = {
    "10": 1e27,
    "2.1": -1e27,
    "17.4": 10**400,
    "2.2": 1e-300,
    "2.4": "abc",
    "3.1": [1e27],
    "2.3": 100,  # a valid one: it applies
}


def _store_extremes(report: Report) -> None:
    cset = criteria_catalog().get(MAIN)
    percents = [m.code for m in cset.indicators if m.value_type is ValueType.PERCENT]
    extremes = dict(zip(percents, PERCENT_EXTREMES, strict=False)) | NUMBER_EXTREMES
    for code, value in extremes.items():
        _store(report, MAIN, code, value)
    for code, value in MODEL_EXTREMES.items():
        _store(report, MODEL, code, value)


def _store(report: Report, set_code: str, code: str, value: Any) -> None:
    indicator = Indicator.objects.get(criteria_set__code=set_code, code=code)
    IndicatorValue.objects.update_or_create(
        report=report,
        indicator=indicator,
        defaults={"value": value, "raw_text": "9" * 200, "version": 1},
    )


def _store_thresholds(user: Any) -> None:
    for code, value in THRESHOLD_EXTREMES.items():
        indicator = Indicator.objects.get(criteria_set__code=MAIN, code=code)
        ThresholdRevision.objects.create(
            criteria_set=indicator.criteria_set,
            indicator=indicator,
            value=value,
            document_number="1/QĐ-UBND",
            document_date=dt.date(2023, 1, 1),
            created_by=user,
        )


@dataclass
class World:
    users: dict[str, Any]
    reports: dict[str, Report]  # by status
    ids: dict[str, Any]


@pytest.fixture
def extreme_world(
    fill_report,  # noqa: F811
    monitoring_world,  # noqa: F811
    plan_2023,  # noqa: F811
    django_capture_on_commit_callbacks,
) -> Iterator[World]:
    from ntm.planning.models import Level
    from ntm.planning.services.cascade import targeted_add
    from ntm.planning.services.roadmaps import milestone_add
    from ntm.reports.services import document_request

    users = monitoring_world
    tan_lien = AdminUnit.objects.get(code=TAN_LIEN)
    reports = {
        "approved": fill_report(tan_lien, "2022", {"2.1": "50"}, status="approved"),
        "submitted": fill_report(tan_lien, "2023", {"2.1": "50"}, status="submitted"),
        "draft": fill_report(tan_lien, "2024", {"2.1": "50"}),
    }
    for report in reports.values():
        _store_extremes(report)
    _store_thresholds(users["vpdp"])
    evaluations_recompute([r.pk for r in reports.values()])
    targeted = targeted_add(user=users["caoloc"], plan=plan_2023, unit=tan_lien, level=Level.NTM)
    milestone = milestone_add(
        user=users["caoloc"],
        targeted=targeted,
        criterion="2",
        title="Làm đường",
        responsible="UBND xã",
        due_date=dt.date(2023, 9, 30),
    )
    documents = {}
    province = AdminUnit.objects.get(type="tinh")
    requests = {
        "xa": (users["quantri"], tan_lien, "2022", {}),
        "huyen": (users["quantri"], AdminUnit.objects.get(code=CAO_LOC), "2022", {}),
        "tien-do": (users["quantri"], province, "2022", {}),
        "so-nganh": (
            users["quantri"],
            province,
            "2022",
            {"criteria": [2, 10], "organisation": "Sở Xây dựng"},
        ),
        "ke-hoach": (users["quantri"], province, "", {"plan": plan_2023.code}),
    }
    with django_capture_on_commit_callbacks(execute=True):
        for kind, (user, unit, period, params) in requests.items():
            documents[kind] = document_request(
                user=user, kind=kind, unit=unit, period_code=period, params=params, pdf=False
            )
    for document in documents.values():
        document.refresh_from_db()
        assert document.status == document.Status.DONE, (document.kind, document.message)
    batch = _import_batch(users["tanlien"], tan_lien)
    yield World(
        users=users,
        reports=reports,
        ids={
            "plan": plan_2023.code,
            "targeted": targeted.pk,
            "roadmap": targeted.pk,
            "milestone": milestone.pk,
            "document": documents["xa"].pk,
            "job": documents["xa"].job_id,
            "batch": batch.pk,
        },
    )


def _import_batch(user: Any, tan_lien: AdminUnit) -> Any:
    """A previewed import of the commune's 2024 template with huge cells."""
    from ntm.exchange.services import import_upload
    from tests.exchange.conftest import fill, make_template

    data = fill(
        make_template(tan_lien, "2024"),
        {(TAN_LIEN, "2.2"): "1" * 60, (TAN_LIEN, "2.3"): 1e300, (TAN_LIEN, "10"): "9" * 29},
    )
    batch = import_upload(user=user, data=data, filename="cuc-tri.xlsx")
    assert batch.preview["errors"], "the huge cells must be refused"
    return batch


# -- the pages -------------------------------------------------------------------

Page = Callable[[World], tuple[str, dict[str, Any]]]  # url, GET parameters


def _key(set_code: str, code: str) -> dict[str, str]:
    return {"set": set_code, "code": code}


PROVINCE_TABLES = (
    "tong-quan",
    "tieu-chi",
    "huyen",
    "huyen-tieu-chi",
    "xu-huong",
    "muc-dat",
    "nhom",
    "cong-nhan",
    "chua-phe-duyet",
)
PAGES: dict[str, list[Page]] = {
    "home": [lambda w: (reverse("home"), {})],
    "login": [lambda w: (reverse("login"), {})],
    "password_change": [lambda w: (reverse("password_change"), {})],
    "units:browse": [lambda w: (reverse("units:browse"), {})],
    "units:detail": [
        lambda w, c=code: (reverse("units:detail", args=[c]), {})
        for code in ("20", CAO_LOC, TAN_LIEN)
    ],
    "criteria:list": [lambda w: (reverse("criteria:list"), {})],
    "criteria:detail": [
        lambda w, y=year: (reverse("criteria:detail", args=[MAIN]), {"vung": "TDMNPB", "nam": y})
        for year in (2022, 2023, 2024)
    ]
    + [lambda w: (reverse("criteria:detail", args=[MODEL]), {"vung": "TDMNPB", "nam": 2022})],
    "criteria:revise": [
        lambda w, c=code: (reverse("criteria:revise", args=[MAIN, c]), {})
        for code in ("10", "2.1", "17.4")
    ],
    "monitoring:dashboard": [
        lambda w, p=period: (reverse("monitoring:dashboard"), {"ky": p})
        for period in ("2022", "2023")
    ]
    + [
        lambda w, t=table: (reverse("monitoring:dashboard"), {"ky": "2022", "xlsx": t})
        for table in PROVINCE_TABLES
    ],
    "monitoring:district_dashboard": [
        lambda w, p=period: (reverse("monitoring:district_dashboard", args=[CAO_LOC]), {"ky": p})
        for period in ("2022", "2023")
    ]
    + [
        lambda w, t=table: (
            reverse("monitoring:district_dashboard", args=[CAO_LOC]),
            {"ky": "2022", "xlsx": t},
        )
        for table in ("tong-quan", "tieu-chi", "xa", "muc-dat")
    ],
    "monitoring:scorecard": [
        lambda w, p=period: (reverse("monitoring:scorecard", args=[TAN_LIEN]), {"ky": p})
        for period in ("2022", "2023")
    ]
    + [
        lambda w, t=table: (
            reverse("monitoring:scorecard", args=[TAN_LIEN]),
            {"ky": "2022", "xlsx": t},
        )
        for table in ("can-dat", "chi-tieu", "cong-nhan", "lich-su")
    ],
    "monitoring:entry_home": [lambda w: (reverse("monitoring:entry_home"), {"ky": "2024"})],
    "monitoring:entry": [
        lambda w, p=period: (reverse("monitoring:entry", args=[TAN_LIEN, p]), {})
        for period in ("2022", "2023", "2024")
    ],
    "monitoring:queue": [lambda w: (reverse("monitoring:queue"), {})],
    "monitoring:review": [
        lambda w, s=status: (reverse("monitoring:review", args=[w.reports[s].pk]), {})
        for status in ("approved", "submitted", "draft")
    ],
    "monitoring:value_row": [
        lambda w, c=code: (
            reverse("monitoring:value_row", args=[w.reports["draft"].pk]),
            _key(MAIN, c),
        )
        for code in ("2.1", "2.2", "2.3", "10", "17.4")
    ]
    + [
        lambda w: (
            reverse("monitoring:value_row", args=[w.reports["draft"].pk]),
            _key(MODEL, "K3"),
        )
    ],
    "monitoring:value_history": [
        lambda w: (
            reverse("monitoring:value_history", args=[w.reports["draft"].pk]),
            _key(MAIN, "10"),
        )
    ],
    "jobs:status": [lambda w: (reverse("jobs:status", args=[w.ids["job"]]), {})],
    "planning:home": [lambda w: (reverse("planning:home"), {})],
    "planning:detail": [lambda w: (reverse("planning:detail", args=[w.ids["plan"]]), {})],
    "planning:dashboard": [
        lambda w: (reverse("planning:dashboard", args=[w.ids["plan"]]), {"ky": "2023"}),
        lambda w: (reverse("planning:dashboard", args=[w.ids["plan"]]), {"huyen": CAO_LOC}),
        lambda w: (reverse("planning:dashboard", args=[w.ids["plan"]]), {"xlsx": "1"}),
    ],
    "planning:cascade": [lambda w: (reverse("planning:cascade", args=[w.ids["plan"]]), {})],
    "planning:targeted": [lambda w: (reverse("planning:targeted", args=[w.ids["plan"]]), {})],
    "planning:candidates": [lambda w: (reverse("planning:candidates", args=[w.ids["plan"]]), {})],
    "planning:overdue": [lambda w: (reverse("planning:overdue", args=[w.ids["plan"]]), {})],
    "planning:report_actual": [
        lambda w: (reverse("planning:report_actual", args=[w.ids["plan"], "road_km"]), {})
    ],
    "planning:roadmap": [lambda w: (reverse("planning:roadmap", args=[w.ids["roadmap"]]), {})],
    "planning:milestone_row": [
        lambda w: (reverse("planning:milestone_row", args=[w.ids["milestone"]]), {})
    ],
    "exchange:home": [lambda w: (reverse("exchange:home"), {})],
    "exchange:template": [
        lambda w: (reverse("exchange:template"), {"don_vi": TAN_LIEN, "ky": "2024"}),
        lambda w: (reverse("exchange:template"), {"don_vi": CAO_LOC, "ky": "2022"}),
    ],
    "exchange:batch": [lambda w: (reverse("exchange:batch", args=[w.ids["batch"]]), {})],
    "exchange:batch_status": [
        lambda w: (reverse("exchange:batch_status", args=[w.ids["batch"]]), {})
    ],
    "exchange:batch_xlsx": [
        lambda w: (reverse("exchange:batch_xlsx", args=[w.ids["batch"]]), {}),
        lambda w: (reverse("exchange:batch_xlsx", args=[w.ids["batch"]]), {"bang": "loi"}),
    ],
    "exchange:history_xlsx": [lambda w: (reverse("exchange:history_xlsx"), {})],
    "exchange:export": [
        lambda w, f=fmt, u=unit: (
            reverse("exchange:export"),
            {"don_vi": u, "ky": "2022", "dinh_dang": f},
        )
        for fmt in ("xlsx", "csv", "json")
        for unit in ("20", TAN_LIEN)
    ],
    "reports:home": [lambda w: (reverse("reports:home"), {})],
    "reports:row": [lambda w: (reverse("reports:row", args=[w.ids["document"]]), {})],
    "reports:download": [
        lambda w: (reverse("reports:download", args=[w.ids["document"], "docx"]), {})
    ],
    "admin:monitoring_report_changelist": [
        lambda w: (reverse("admin:monitoring_report_changelist"), {})
    ],
    "admin:exchange_importbatch_changelist": [
        lambda w: (reverse("admin:exchange_importbatch_changelist"), {})
    ],
}

# Pages that show no stored value (or only take POST requests: writes are
# tested where they are refused, tests/monitoring/test_bounds.py and the
# apps' own tests), and the admin's generic pages beyond the two above.
NOT_PAGES = {
    "units:edit_flags",
    "exchange:upload",
    "logout",
    "set_language",
    "monitoring:value_save",
    "monitoring:evidence_upload",
    "monitoring:facts_update",
    "monitoring:transition",
    "monitoring:evidence",  # a stored file, not a value
    "planning:milestone_save",
    "planning:milestone_delete",
    "planning:targeted_remove",
    "planning:candidate_pick",
    "planning:evidence",  # a stored file, not a value
    "exchange:commit",
    "exchange:discard",
}


def _names(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            if pattern.namespace != "admin":
                yield from _names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_page_is_covered() -> None:
    names = set(_names(get_resolver()))
    missing = names - set(PAGES) - NOT_PAGES
    assert not missing, f"pages without an extreme-value check: {sorted(missing)}"
    assert not (set(PAGES) - names - {n for n in PAGES if n.startswith("admin:")})


ROLES = ("quantri", "vpdp", "soxaydung", "caoloc", "tanlien", "lanhdao")


def test_no_page_fails_on_extreme_values(extreme_world: World) -> None:
    failures = []
    for role in ROLES:
        client = Client()
        client.force_login(extreme_world.users[role])
        for pages in PAGES.values():
            for page in pages:
                url, params = page(extreme_world)
                try:
                    response = client.get(url, params)
                except Exception as exc:  # every failure is listed
                    failures.append(f"{role} {url} {params}: {type(exc).__name__}: {exc}")
                    continue
                ok = (200,) if role == "quantri" else (200, 302, 403, 404)
                if response.status_code not in ok:
                    failures.append(f"{role} {url} {params}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_values_beyond_the_limits_are_judged_missing_and_stay_visible(
    extreme_world: World,
) -> None:
    """Beyond the storage limits or of the wrong kind, a stored value counts
    as missing (ntm.core.values.stored_value); within them it is judged."""
    from ntm.core.evaluation import Verdict
    from ntm.monitoring.models import Evaluation

    report = extreme_world.reports["approved"]
    verdicts = Evaluation.objects.get(report=report, criteria_set__code=MAIN).verdicts
    cset = criteria_catalog().get(MAIN)
    percents = [m.code for m in cset.indicators if m.value_type is ValueType.PERCENT]
    stored = {  # the facts are unknown: only unconditional indicators are judged on their value
        c: v
        for c, v in zip(percents, PERCENT_EXTREMES, strict=False)
        if cset.measure(c).applicability is None
    }
    missing = {c for c, v in stored.items() if verdicts[c] == Verdict.MISSING_VALUE}
    assert missing == {
        c
        for c, v in stored.items()
        if not isinstance(v, (int, float)) or isinstance(v, bool) or abs(v) >= 10**12
    }
    assert verdicts[percents[3]] != Verdict.MISSING_VALUE  # -0 is judged, as 0
    client = Client()
    client.force_login(extreme_world.users["quantri"])
    card = client.get(reverse("monitoring:scorecard", args=[TAN_LIEN]), {"ky": "2022"})
    assert "thiếu số liệu" in card.content.decode().lower()
    entry = client.get(reverse("monitoring:entry", args=[TAN_LIEN, "2024"])).content.decode()
    assert "9" * 200 in entry  # what was typed stays visible, to be corrected


def test_stored_thresholds_outside_their_domain_are_left_out(extreme_world: World) -> None:
    """The revisions stored past the checks do not reach the engine: the
    thresholds in force are the file's (or the valid revision's)."""
    cset = criteria_catalog().get(MAIN)
    assert cset.threshold("2.3", "TDMNPB", 2022).value == 100  # the valid one applies
    income = cset.threshold("10", "TDMNPB", 2022)
    assert income is None or income.value != 1e27
    assert cset.threshold("2.1", "TDMNPB", 2022).value != -1e27
