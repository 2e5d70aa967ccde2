"""Reports, values, their history and what cascades to them are never
deleted from the Django admin, even by a superuser: the delete page answers
403 and no bulk delete action is offered anywhere."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from ntm.accounts.models import User
from ntm.exchange.models import ImportBatch
from ntm.monitoring.models import IndicatorValue, Report, ReportEvent, ValueChange
from ntm.planning.models import Plan
from tests.monitoring.conftest import fill_report, monitoring_world  # noqa: F401
from tests.planning.conftest import plan_2023  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(db) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("sieuquantri", password="x"))
    return client


@pytest.fixture
def approved(fill_report, tan_lien) -> Report:  # noqa: F811
    report = fill_report(tan_lien, "2022", {"15.4": "45%"}, status="approved")
    assert report.status == "approved"
    return report


def counts() -> tuple[int, int, int, int]:
    return (
        Report.objects.count(),
        IndicatorValue.objects.count(),
        ValueChange.objects.count(),
        ReportEvent.objects.count(),
    )


def test_an_approved_report_cannot_be_deleted(superuser_client, approved):
    before = counts()
    url = reverse("admin:monitoring_report_delete", args=[approved.pk])
    assert superuser_client.get(url).status_code == 403
    assert superuser_client.post(url, {"post": "yes"}).status_code == 403
    assert counts() == before
    page = superuser_client.get(reverse("admin:monitoring_report_change", args=[approved.pk]))
    assert page.status_code == 200
    assert b"deletelink" not in page.content


def test_no_bulk_delete_action_anywhere(superuser_client, approved):
    assert "delete_selected" not in dict(admin.site.actions)
    changelist = reverse("admin:monitoring_report_changelist")
    assert b"delete_selected" not in superuser_client.get(changelist).content
    response = superuser_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [approved.pk], "post": "yes"}
    )
    assert response.status_code in {200, 302}
    assert Report.objects.filter(pk=approved.pk).exists()


def test_a_plan_and_its_roadmap_history_cannot_be_deleted(superuser_client, plan_2023):  # noqa: F811
    plan = Plan.objects.get(pk=plan_2023.pk)
    url = reverse("admin:planning_plan_delete", args=[plan.pk])
    assert superuser_client.post(url, {"post": "yes"}).status_code == 403
    assert Plan.objects.filter(pk=plan.pk).exists()
    request = RequestFactory().get("/")
    request.user = User.objects.get(username="sieuquantri")
    registry = {model._meta.model_name: kept for model, kept in admin.site._registry.items()}
    never = ["target", "reportedactual", "targetedcommune", "milestone", "milestonechange"]
    never += ["report", "recognition", "unitchange"]
    for name in never:
        assert not registry[name].has_delete_permission(request), name
    assert registry["period"].has_delete_permission(request)  # the check can say yes


def test_a_committed_import_batch_is_kept_an_abandoned_preview_may_go(
    superuser_client, approved, tan_lien
):
    def batch(status: str) -> ImportBatch:
        return ImportBatch.objects.create(
            file="nhap/x.xlsx",
            original_name="x.xlsx",
            size=1,
            sha256="0" * 64,
            uploaded_by=User.objects.get(username="sieuquantri"),
            uploaded_at=timezone.now(),
            kind=ImportBatch.Kind.TEMPLATE,
            set_code="x",
            period=approved.period,
            scope=tan_lien,
            status=status,
        )

    kept = batch(ImportBatch.Status.COMMITTED)
    url = reverse("admin:exchange_importbatch_delete", args=[kept.pk])
    assert superuser_client.post(url, {"post": "yes"}).status_code == 403
    assert ImportBatch.objects.filter(pk=kept.pk).exists()
    abandoned = batch(ImportBatch.Status.DISCARDED)
    url = reverse("admin:exchange_importbatch_delete", args=[abandoned.pk])
    assert superuser_client.post(url, {"post": "yes"}).status_code == 302
    assert not ImportBatch.objects.filter(pk=abandoned.pk).exists()
