"""The 2023 plan regenerated from the plan held in the system: the structure
of the issued document (I-IV), every figure of sections I and III in
Vietnamese form, read back from the .docx; and the plan's targets in the
progress report."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from ntm.core.numbers_vi import format_number_vi
from ntm.planning.progress import plan_progress
from ntm.planning.selectors import plan_get
from ntm.planning.services import plan_import
from ntm.reports.builders import BuildRequest, ReportError, build_parts
from ntm.reports.render import render_docx
from ntm.units.models import AdminUnit
from tests.monitoring import test_dashboards_world as world
from tests.reports.helpers import all_text, grid_is_consistent, open_docx, rows, table_with_header

pytestmark = pytest.mark.django_db
PLAN_FILE = Path(__file__).resolve().parents[2] / "ntm" / "data" / "plans" / "lang-son-2023.yaml"
DAY = dt.date(2022, 12, 15)


def province() -> AdminUnit:
    return AdminUnit.objects.get(type="tinh")


def source_targets() -> dict[str, dict]:
    """The targets as the plan file states them (read here, independently)."""
    raw = yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))
    return {t["key"]: t for s in raw["sections"] for t in s.get("targets", [])}


def vi(x) -> str:
    return format_number_vi(x)


@pytest.fixture
def plan_doc(dash_world):
    plan_import(path=PLAN_FILE)
    parts = build_parts(
        BuildRequest(kind="ke-hoach", unit=province(), params={"plan": "KH-NTM-LS-2023"}, day=DAY)
    )
    return parts, open_docx(render_docx(parts))


def test_plan_document_has_the_structure_of_the_issued_plan(plan_doc):
    parts, doc = plan_doc
    text = all_text(doc)
    head = doc.tables[0]
    assert [p.text for p in head.cell(0, 0).paragraphs if p.text.strip()][:2] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH LẠNG SƠN",
    ]
    assert head.cell(1, 0).text.strip().endswith("/KH-UBND")
    assert head.cell(1, 1).text.strip() == "Lạng Sơn, ngày 15 tháng 12 năm 2022"
    assert "KẾ HOẠCH" in text
    assert (
        "Thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới tỉnh Lạng Sơn năm 2023"
        in text
    )
    headings = [
        "I. MỤC TIÊU, CHỈ TIÊU CHỦ YẾU",
        "1. Mục tiêu tổng quát",
        "2. Chỉ tiêu cụ thể",
        "II. NHIỆM VỤ VÀ GIẢI PHÁP THỰC HIỆN",
        "6. Xây dựng huyện Đình Lập đạt chuẩn nông thôn mới",
        "9. Thực hiện các Chương trình chuyên đề phục vụ xây dựng nông thôn mới",
        "III. NGUỒN VỐN THỰC HIỆN CHƯƠNG TRÌNH",
        "IV. TỔ CHỨC THỰC HIỆN",
        "8. Ủy ban nhân dân các xã",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    # third-level headings run into their text, as in the issued plan
    assert "9.1. Chương trình mỗi xã một sản phẩm (OCOP): đẩy mạnh phát triển" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text
    assert "- Lưu: VT, KT." in text
    assert "{{" not in text and "{%" not in text and "{tc" not in text
    assert parts.filename == "ke-hoach-kh-ntm-ls-2023"


def test_every_figure_of_sections_one_and_three_in_vietnamese_form(plan_doc):
    _, doc = plan_doc
    text = " ".join(all_text(doc).split())
    t = source_targets()
    assert "nâng tổng số xã đạt chuẩn nông thôn mới toàn tỉnh lên 95/181 xã" in text
    assert "bình quân tiêu chí/01 xã đạt từ 13 - 14 tiêu chí" in text
    assert "xây dựng thêm 05 xã đạt chuẩn nông thôn mới nâng cao" in text
    for n in range(1, 20):
        target = t[f"tc{n}"]
        total = f"{vi(target['value'])}/{vi(target['of'])}"
        share = f"{target['share']}%"
        assert re.search(rf"{re.escape(total)} xã[^.]{{0,40}}tỷ lệ {re.escape(share)}", text), n
    assert "chiếm tỷ lệ 90,05%" in text
    assert "cứng hóa được trên 350km" in text
    assert "đạt 35.800 ha" in text
    assert "Năm 2023 là 5.103,888 tỷ đồng" in text.replace("năm 2023 là", "Năm 2023 là")
    for key in ("direct_budget", "integrated", "enterprises", "credit", "community"):
        amount = vi(t[key]["value"])
        assert f"{amount} tỷ đồng" in text, key
        assert f"{t[key]['share']}%" in text, key
    assert "1.466,906 tỷ đồng, chiếm 28,7%" in text
    assert "huyện Đình Lập đạt 6/9 tiêu chí" in text


def test_plan_annex_tables(plan_doc):
    _, doc = plan_doc
    t = source_targets()
    criteria = rows(table_with_header(doc, "TC", "Tiêu chí"))[1:]
    assert [r[0] for r in criteria] == [str(n) for n in range(1, 20)]
    first = criteria[0]
    assert first[1] == "Quy hoạch"
    assert first[2:] == ["65", "98", "163/181", "90,05%"]
    last = criteria[-1]
    assert last[2:] == ["—", "—", "177/181", "97,8%"]  # the plan prints no baseline for 19
    funding = rows(table_with_header(doc, "STT", "Nguồn vốn"))
    assert funding[-1] == ["", "Tổng cộng", "5.103,888", "100%"]
    assert funding[4][2] == vi(t["credit"]["value"]) == "3.000"
    assert all(grid_is_consistent(table) for table in doc.tables)


def test_progress_report_against_the_plan(dash_world):
    plan_import(path=PLAN_FILE)
    exp = dash_world.expected("2023")
    parts = build_parts(BuildRequest(kind="tien-do", unit=province(), period_code="2023"))
    doc = open_docx(render_docx(parts))
    text = all_text(doc)
    assert (
        "Thực hiện Kế hoạch thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới" in text
    )
    goals = rows(table_with_header(doc, "STT", "Mục tiêu", "Kế hoạch"))
    ntm = next(r for r in goals if r[1] == "Số xã đạt chuẩn nông thôn mới")
    recognised = len(world.recognised_at(dt.date(2023, 12, 31)))
    # the status is the plan pages' own judgement of the same figures
    progress = plan_progress(plan_get("KH-NTM-LS-2023"), "2023")
    assert ntm[2:] == ["≥ 95/181 xã", f"{recognised}/181", progress.row("ntm").status.label]
    criteria = rows(table_with_header(doc, "TC", "Tên tiêu chí"))
    assert criteria[0][3] == "Kế hoạch năm 2023"
    tc1 = criteria[1]
    assert tc1[3] == "163/181"
    assert tc1[4] == f"{exp.criterion('1')}/181"
    assert tc1[6] == progress.row("tc1").status.label
    assert progress.row("tc1").status.label in ("Không đạt", "Có nguy cơ không đạt")
    funding = rows(table_with_header(doc, "STT", "Nguồn vốn"))
    assert funding[-1][1:3] == ["Tổng cộng", "5.103,888"]
    assert "Các chỉ tiêu có nguy cơ không đạt hoặc không đạt kế hoạch" in text


def test_plan_document_needs_a_plan(dash_world):
    with pytest.raises(ReportError, match="Không có kế hoạch «KH-X»"):
        build_parts(BuildRequest(kind="ke-hoach", unit=province(), params={"plan": "KH-X"}))
    with pytest.raises(ReportError, match="chưa có kế hoạch năm 2031"):
        build_parts(BuildRequest(kind="ke-hoach", unit=province(), period_code="2031"))


def test_district_report_reads_the_part_the_province_gave_it(dash_world):
    from ntm.planning.services import plan_cascade_save

    plan = plan_import(path=PLAN_FILE).plan
    plan_cascade_save(
        user=dash_world.users["vpdp"], plan=plan, assignments={world.DISTRICT_A: {"ntm": 2}}
    )
    district = AdminUnit.objects.get(code=world.DISTRICT_A)
    doc = open_docx(
        render_docx(build_parts(BuildRequest(kind="huyen", unit=district, period_code="2023")))
    )
    assert "Kết quả thực hiện các mục tiêu của kế hoạch năm 2023" in all_text(doc)
    goals = rows(table_with_header(doc, "STT", "Mục tiêu", "Kế hoạch"))
    assert [r[1] for r in goals[1:]] == ["Số xã đạt chuẩn nông thôn mới"]
    assert goals[1][2].startswith("≥ 2")


def test_department_report_lists_the_plan_targets_of_its_criteria(dash_world):
    plan_import(path=PLAN_FILE)
    parts = build_parts(
        BuildRequest(
            kind="so-nganh",
            unit=province(),
            period_code="2023",
            params={"criteria": [2], "organisation": "Sở Giao thông vận tải"},
        )
    )
    text = all_text(open_docx(render_docx(parts)))
    status = plan_progress(plan_get("KH-NTM-LS-2023"), "2023").row("tc2").status.label
    assert f"kế hoạch năm 2023: 92/181 xã ({status})" in text
    assert "- Mặt đường giao thông nông thôn được cứng hóa trong năm: kế hoạch > 350 km" in text


def test_office_regenerates_the_plan_from_the_page(dash_world, django_capture_on_commit_callbacks):
    from django.test import Client
    from django.urls import reverse

    from ntm.reports.models import GeneratedDocument

    plan_import(path=PLAN_FILE)
    client = Client()
    client.force_login(dash_world.users["vpdp"])
    page = client.get(reverse("reports:home"), {"loai": "ke-hoach"}).content.decode()
    assert 'value="KH-NTM-LS-2023"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:home"), {"loai": "ke-hoach", "ke_hoach": "KH-NTM-LS-2023"}
        )
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    assert document.status == GeneratedDocument.Status.DONE, document.message
    assert document.title.startswith("Kế hoạch thực hiện Chương trình mục tiêu quốc gia")
    download = client.get(reverse("reports:download", args=[document.pk, "docx"]))
    text = all_text(open_docx(b"".join(download.streaming_content)))
    assert "95/181" in text and "5.103,888 tỷ đồng" in text
    # a department does not regenerate the province's plan
    department = Client()
    department.force_login(dash_world.users["soxaydung"])
    page = department.get(reverse("reports:home"), {"loai": "ke-hoach"}).content.decode()
    assert 'value="ke-hoach"' not in page
