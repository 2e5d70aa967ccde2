"""A document says only what is true: its date is left blank for the clerk
unless one is given (the command's ``--date``, the page's date field), never
today's date on a report of a past period; a derived figure of an annex says
how it was derived; the command's answer writes numbers the Vietnamese way."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ntm.planning.services import plan_import
from ntm.reports.builders import BuildRequest, build_parts
from ntm.reports.render import render_docx
from ntm.units.models import AdminUnit
from tests.reports.helpers import all_text, open_docx

pytestmark = pytest.mark.django_db
PLAN_FILE = Path(__file__).resolve().parents[2] / "ntm" / "data" / "plans" / "lang-son-2023.yaml"
BLANK = "Lạng Sơn, ngày ... tháng ... năm ..."


def province() -> AdminUnit:
    return AdminUnit.objects.get(type="tinh")


def plan_text(day: dt.date | None = None) -> str:
    request = BuildRequest(
        kind="ke-hoach", unit=province(), params={"plan": "KH-NTM-LS-2023"}, day=day
    )
    return all_text(open_docx(render_docx(build_parts(request))))


def test_the_date_is_blank_for_the_clerk_by_default(dash_world):
    plan_import(path=PLAN_FILE)
    text = plan_text()
    assert BLANK in text
    assert "(Kèm theo Kế hoạch số" in text and "ngày ... tháng ... năm ... của UBND tỉnh)" in text
    assert not re.search(r"ngày \d", text.split("KẾ HOẠCH")[0])  # no date at all in the head
    dated = plan_text(dt.date(2022, 12, 15))
    assert "Lạng Sơn, ngày 15 tháng 12 năm 2022" in dated and BLANK not in dated


def test_the_derived_baseline_of_the_plan_annex_says_so(dash_world):
    plan_import(path=PLAN_FILE)
    text = plan_text()
    assert "Cuối năm 2022 (xã)" in text
    assert (
        "Ghi chú: cột «Cuối năm 2022» không in trong Kế hoạch đã ký; số liệu của cột được suy "
        "ra bằng Kế hoạch năm 2023 trừ số tăng thêm." in text
    )


def test_the_command_takes_a_date_and_answers_in_vietnamese_numbers(dash_world, tmp_path):
    out = StringIO()
    path = tmp_path / "tien-do.docx"
    call_command("report", "build", "tien-do", "--period", "2023", "--out", str(path), stdout=out)
    assert BLANK in all_text(open_docx(path.read_bytes()))
    # "Đã ghi …docx (242.866 byte, 3,99 giây).": thousands dots, decimal comma
    answer = out.getvalue()
    size = f"{path.stat().st_size:_}".replace("_", ".")
    assert re.search(rf"\({re.escape(size)} byte, \d+,\d\d giây\)\.", answer), answer
    call_command(
        "report", "build", "tien-do", "--period", "2023", "--out", str(path), "--date",
        "2023-12-20", stdout=StringIO(),
    )  # fmt: skip
    assert "Lạng Sơn, ngày 20 tháng 12 năm 2023" in all_text(open_docx(path.read_bytes()))


def test_the_page_takes_a_date(dash_world, django_capture_on_commit_callbacks):
    from ntm.reports.models import GeneratedDocument

    client = Client()
    client.force_login(dash_world.users["vpdp"])
    page = client.get(reverse("reports:home"), {"loai": "tien-do"}).content.decode()
    assert 'name="ngay_van_ban"' in page and 'type="date"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:home"), {"loai": "tien-do", "ky": "2023", "ngay_van_ban": "2023-12-20"}
        )
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    assert document.status == GeneratedDocument.Status.DONE, document.message
    download = client.get(reverse("reports:download", args=[document.pk, "docx"]))
    text = all_text(open_docx(b"".join(download.streaming_content)))
    assert "Lạng Sơn, ngày 20 tháng 12 năm 2023" in text
