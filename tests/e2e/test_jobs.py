"""A background commit whose worker died, in a real browser: the page that
was polling its progress shows the interruption, stops polling, and the
import can be committed again."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_interrupted_commit_stops_polling_and_can_be_committed_again(
    criteria_db, demo_users, page, live_server, login_as
):
    from django.utils import timezone

    from ntm.exchange.models import ImportBatch
    from ntm.exchange.services import import_upload
    from ntm.jobs.models import Job
    from ntm.jobs.services import job_create
    from ntm.monitoring.models import IndicatorValue
    from ntm.units.models import AdminUnit
    from tests.exchange.conftest import fill, make_template

    tan_lien = AdminUnit.objects.get(name="Xã Tân Liên")
    officer = demo_users["tanlien"]
    data = fill(make_template(tan_lien), {(tan_lien.code, "1.1"): "Đạt"})
    batch = import_upload(user=officer, data=data, filename="tan-lien.xlsx")
    # As a worker left it when it took the commit (queued, then running).
    job = job_create(kind="import", title="Ghi số liệu", user=officer, unit=tan_lien, total=1)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, heartbeat_at=timezone.now())
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED, job=job)

    polls: list[str] = []
    page.on(
        "request",
        lambda r: polls.append(r.url) if "/trang-thai/" in r.url or "/tac-vu/" in r.url else None,
    )
    login_as("tanlien")
    page.goto(f"{live_server.url}/du-lieu/nhap/{batch.pk}/")
    status = page.get_by_test_id("batch-status")
    expect(status).to_have_attribute("data-status", "queued")
    expect(page.get_by_test_id("job-status")).to_have_attribute("data-status", "running")

    # The worker dies: its lease is no longer renewed.
    stale = timezone.now() - dt.timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=stale)
    expect(status).to_have_attribute("data-status", "previewed", timeout=10_000)
    expect(page.get_by_test_id("batch-message")).to_contain_text(
        "Lần ghi trước bị gián đoạn (máy chủ xử lý dừng giữa chừng), không có giá trị nào"
    )
    seen = len(polls)
    time.sleep(2.5)  # the fragments poll every second while unfinished
    assert len(polls) == seen, polls[seen:]
    assert Job.objects.get(pk=job.pk).status == Job.Status.FAILED
    assert not IndicatorValue.objects.exists()

    page.reload()
    page.get_by_role("button", name="Ghi 1 thay đổi vào hệ thống").click()
    expect(status).to_have_attribute("data-status", "committed")
    assert IndicatorValue.objects.filter(report__unit=tan_lien).count() == 1
