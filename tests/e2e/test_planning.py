"""The plan in a real browser: the plan page and its checks, the plan
dashboard (period and district, Excel download), and a commune officer
editing the commune's roadmap."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from ntm.planning.models import Level, Milestone, MilestoneChange
from ntm.planning.services import targeted_add
from tests.monitoring.conftest import fill_report, monitoring_world  # noqa: F401
from tests.planning.conftest import plan_2023  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YES = "Đạt"


@pytest.fixture
def followed(plan_2023, fill_report, tan_lien):  # noqa: F811
    """Approved figures for two periods of 2023 in Huyện Cao Lộc."""
    from ntm.units.models import AdminUnit

    other = AdminUnit.objects.get(code="6190")
    fill_report(tan_lien, "2022", {"1.1": YES, "1.2": YES}, status="approved")
    fill_report(tan_lien, "2023-Q1", {"1.1": YES, "1.2": YES}, status="approved")
    fill_report(other, "2023-Q1", {"1.1": YES, "1.2": "Không đạt"}, status="approved")
    fill_report(
        tan_lien, "2023-Q2", {"1.1": YES, "1.2": YES, "19.1": YES, "19.2": YES}, status="approved"
    )
    fill_report(other, "2023-Q2", {"1.1": YES, "1.2": YES}, status="approved")
    return plan_2023


def test_plan_page_and_dashboard(followed, demo_users, page, login_as, live_server, tmp_path):
    login_as("lanhdao")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Kế hoạch"
    ).click()
    page.get_by_role(
        "link", name=re.compile("Kế hoạch thực hiện Chương trình mục tiêu quốc gia")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("KẾ HOẠCH")
    expect(page.get_by_test_id("check-summary")).to_have_text("0 lỗi, 3 cảnh báo")
    expect(page.get_by_test_id("finding-ty-le-tc1")).to_contain_text("90,05%")
    expect(page.get_by_test_id("text-tc1")).to_contain_text("163/181 xã, chiếm tỷ lệ 90,05%")
    expect(page.get_by_test_id("section-III")).to_contain_text("5.103,888 tỷ đồng")

    page.get_by_role("link", name="Kế hoạch và thực hiện").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kế hoạch và thực hiện: Tỉnh Lạng Sơn, Quý 2/2023"
    )
    expect(page.get_by_test_id("coverage")).to_have_text(
        "2/181 xã có số liệu đã phê duyệt (trong đó 0 xã giữ kết quả đã phê duyệt gần nhất "
        "của kỳ trước)"
    )
    expect(page.get_by_test_id("actual-tc1")).to_contain_text("2/181")
    expect(page.get_by_test_id("status-tc1")).to_have_text("Có nguy cơ không đạt")
    expect(page.get_by_test_id("trend-tc1")).to_contain_text("2022: 1 · 2023-Q1: 1 · 2023-Q2: 2")
    expect(page.get_by_test_id("goal-ntm")).to_have_text("≥ 95/181 xã")

    page.get_by_label("Kỳ", exact=True).select_option("2023-Q1")
    expect(page).to_have_url(re.compile(r"ky=2023-Q1"))
    expect(page.get_by_test_id("actual-tc1")).to_contain_text("1/181")

    page.get_by_label("Huyện, thành phố").select_option(label="Huyện Cao Lộc")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Huyện Cao Lộc, Quý 1/2023")
    expect(page.get_by_test_id("coverage")).to_contain_text("2/20")
    expect(page.get_by_test_id("actual-tc1")).to_contain_text("1/20")

    with page.expect_download() as download:
        page.get_by_test_id("xlsx").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "ke-hoach-KH-NTM-LS-2023-huyen-cao-loc-2023-Q1.xlsx"
    sheet = load_workbook(path).active
    assert sheet["A1"].value.startswith("Kế hoạch và thực hiện")
    labels = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert "Số xã đạt tiêu chí số 1 về Quy hoạch" in labels and "tc1" not in labels


def test_a_commune_officer_edits_the_roadmap(plan_2023, demo_users, tan_lien, page, login_as):  # noqa: F811
    targeted = targeted_add(
        user=demo_users["caoloc"], plan=plan_2023, unit=tan_lien, level=Level.NTM
    )
    login_as("tanlien")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Kế hoạch"
    ).click()
    page.get_by_role("link", name=re.compile("Kế hoạch thực hiện Chương trình")).click()
    page.get_by_role("link", name="Xã phấn đấu, lộ trình").click()
    page.get_by_role("link", name="Lộ trình Xã Tân Liên").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Lộ trình của Xã Tân Liên (Huyện Cao Lộc)"
    )

    page.get_by_label("Tiêu chí", exact=True).select_option("5")
    page.get_by_label("Nội dung công việc", exact=True).fill("Xây thêm 2 phòng học bộ môn")
    page.get_by_label("Người phụ trách", exact=True).fill("Hiệu trưởng Trường THCS Tân Liên")
    page.get_by_label("Hạn hoàn thành", exact=True).fill("2023-06-30")
    page.get_by_role("button", name="Thêm mốc").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã thêm mốc lộ trình")

    milestone = Milestone.objects.get(targeted=targeted)
    row = page.get_by_test_id(f"milestone-{milestone.pk}")
    expect(row).to_contain_text("Xây thêm 2 phòng học bộ môn")
    expect(page.get_by_test_id(f"milestone-overdue-{milestone.pk}")).to_be_visible()  # 2023 is over

    row.get_by_role("button", name="Sửa Xây thêm 2 phòng học bộ môn").click()
    form = page.get_by_role("form", name="Sửa mốc Xây thêm 2 phòng học bộ môn")
    form.get_by_label("Tình trạng").select_option(label="Hoàn thành")
    form.get_by_label("Ngày hoàn thành").fill("2023-06-28")
    form.get_by_role("button", name="Lưu mốc").click()
    expect(page.get_by_test_id(f"milestone-status-{milestone.pk}")).to_have_text("Hoàn thành")
    expect(page.get_by_test_id(f"milestone-overdue-{milestone.pk}")).to_have_count(0)

    page.reload()
    history = page.get_by_test_id("roadmap-history")
    expect(history).to_contain_text("Sửa mốc")
    expect(history).to_contain_text("«Chưa thực hiện» → «Hoàn thành»")
    expect(history).to_contain_text("Lương Văn Hải")
    change = MilestoneChange.objects.get(action="update")
    assert change.changed_by == demo_users["tanlien"]
    assert change.changes["status"] == ["Chưa thực hiện", "Hoàn thành"]


def test_a_district_officer_names_a_commune_to_upgrade(
    plan_2023,  # noqa: F811
    demo_users,
    tan_lien,
    page,
    login_as,
    live_server,
):
    import datetime as dt

    from ntm.monitoring.models import Recognition

    Recognition.objects.create(
        unit=tan_lien,
        level="ntm",
        decision_number="15/QĐ-UBND",
        decision_date=dt.date(2019, 12, 20),
        criteria_set="xa-ntm-2016-2020",
    )
    login_as("caoloc")
    page.goto(f"{live_server.url}/ke-hoach/{plan_2023.code}/xa-phan-dau/")
    page.get_by_label("Xã", exact=True).select_option(label="Xã Tân Liên (Huyện Cao Lộc)")
    page.get_by_label("Mức phấn đấu").select_option(
        label="Hoàn thiện đủ tiêu chí bộ 2021-2025 (xã đạt chuẩn 2016-2021)"
    )
    page.get_by_role("button", name="Thêm", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Đã thêm Xã Tân Liên")
    row = page.get_by_test_id(f"targeted-{tan_lien.code}-hoan_thien")
    expect(row).to_contain_text("Hoàn thiện đủ tiêu chí bộ 2021-2025")
    row.get_by_role("link", name="Lộ trình Xã Tân Liên").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Lộ trình của Xã Tân Liên (Huyện Cao Lộc)"
    )
