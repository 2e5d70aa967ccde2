"""The dashboards' cache fingerprint follows what the pages show: a value
saved in a draft refreshes the pages that show that commune's drafts and
leaves the approved-figures pages cached (so a mixed load does not rebuild
every page on every save); approving, reopening and re-evaluating approved
reports refresh everything."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ntm.monitoring.dashboards import figures_version
from ntm.monitoring.evaluations import evaluations_recompute
from ntm.monitoring.models import IndicatorValue
from ntm.monitoring.services import report_transition, value_save

pytestmark = pytest.mark.django_db


def save(user, report, code, raw):
    current = IndicatorValue.objects.filter(report=report, indicator__code=code).first()
    value_save(
        user=user,
        report=report,
        indicator_code=code,
        raw=raw,
        expected_version=current.version if current else 0,
        set_code="xa-ntm-2021-2025",
    )


def main(page: str) -> str:
    """The page's content (the CSRF token in <body> differs per response)."""
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_draft_save_leaves_the_approved_fingerprint_and_moves_the_communes(
    monitoring_world, fill_report, tan_lien
):
    fill_report(tan_lien, "2022", {"15.4": "60"}, status="approved")
    draft = fill_report(tan_lien, "2023", {"15.4": "40"})
    shared, own = figures_version(), figures_version(tan_lien)
    save(monitoring_world["tanlien"], draft, "15.4", "55")
    assert figures_version() == shared
    assert figures_version(tan_lien) != own


@pytest.mark.parametrize("change", ["approve", "reopen", "recompute"])
def test_changes_to_approved_figures_move_the_fingerprint(
    monitoring_world, fill_report, tan_lien, change
):
    status = "appraised" if change == "approve" else "approved"
    report = fill_report(tan_lien, "2022", {"15.4": "60"}, status=status)
    before = figures_version()
    if change == "recompute":  # e.g. after a threshold revision
        evaluations_recompute([report.pk])
    else:
        user = monitoring_world["vpdp" if change == "approve" else "quantri"]
        report_transition(user=user, report=report, name=change, reason="Kiểm tra")
    assert figures_version() != before


def test_the_scorecard_with_drafts_shows_a_save_at_once_and_others_stay_cached(
    monitoring_world, fill_report, tan_lien
):
    cache.clear()
    draft = fill_report(tan_lien, "2023", {"15.4": "40"})
    url = reverse("monitoring:scorecard", args=[tan_lien.code]) + "?ky=2023"
    officer = client_for(monitoring_world["tanlien"])  # sees the commune's drafts
    department = client_for(monitoring_world["soxaydung"])  # approved figures only
    before = main(officer.get(url).content.decode())
    shown = main(department.get(url).content.decode())
    save(monitoring_world["tanlien"], draft, "15.4", "65")
    after = main(officer.get(url).content.decode())
    assert after != before and "65" in after
    with CaptureQueriesContext(connection) as queries:
        again = main(department.get(url).content.decode())
    assert again == shown and len(queries) <= 8  # served from the cache
