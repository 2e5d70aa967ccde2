"""Every kind of document built on the crafted world of the dashboard tests
(tests/monitoring/test_dashboards_world.py) and read back with python-docx:
figures against the world's design table, never against the selectors."""

from __future__ import annotations

import datetime as dt

import pytest

from ntm.core.numbers_vi import format_number_vi, format_percent
from ntm.monitoring.services import period_get_or_create, report_get_or_create
from ntm.reports.builders import BuildRequest, ReportError, build_parts
from ntm.reports.render import render_docx
from ntm.units.models import AdminUnit
from tests.monitoring import test_dashboards_world as world
from tests.monitoring.test_dashboards_world import (
    A1,
    A3,
    A4,
    B1,
    B2,
    B4,
    CRITERIA,
    DISTRICT_A,
    Plan,
    build_report,
    officer_for,
)
from tests.reports.helpers import all_text, grid_is_consistent, open_docx, rows, table_with_header
from tests.reports.test_format import schema_order_errors

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 29)


def province() -> AdminUnit:
    return AdminUnit.objects.get(type="tinh")


def make(kind: str, unit: AdminUnit, period: str, **params):
    parts = build_parts(
        BuildRequest(kind=kind, unit=unit, period_code=period, params=params, day=DAY)
    )
    return parts, open_docx(render_docx(parts))


def count_text(n: int, total: int) -> str:
    return f"{format_number_vi(n)}/{format_number_vi(total)}"


def short(code: str) -> str:
    return AdminUnit.objects.get(code=code).name.removeprefix("Xã ")


def test_progress_report_against_the_design(dash_world):
    now, before = dash_world.expected("2023"), dash_world.expected("2022")
    parts, doc = make("tien-do", province(), "2023", number="15", signer="Hoàng Văn Nam")
    text = all_text(doc)
    head = doc.tables[0]
    assert "UBND TỈNH LẠNG SƠN" in head.cell(0, 0).text
    assert "VĂN PHÒNG ĐIỀU PHỐI" in head.cell(0, 0).text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in head.cell(0, 1).text
    assert "Độc lập - Tự do - Hạnh phúc" in head.cell(0, 1).text
    assert head.cell(1, 0).text.strip() == "Số: 15/BC-VPĐP"
    assert head.cell(1, 1).text.strip() == "Lạng Sơn, ngày 29 tháng 11 năm 2026"
    assert "BÁO CÁO" in text
    assert "xây dựng nông thôn mới năm 2023" in text
    assert "Hoàng Văn Nam" in text and "CHÁNH VĂN PHÒNG" in text
    assert parts.title.endswith("năm 2023")
    # the data note says how many communes keep an earlier approved status
    carried = len(now.carried("2023"))
    assert carried == 4
    assert (
        f"trong đó {carried} xã chưa có báo cáo kỳ này được phê duyệt nên giữ kết quả "
        "đã phê duyệt gần nhất của kỳ trước" in text
    )
    assert f"{now.communes - len(now.reported)} xã chưa có số liệu đã phê duyệt" in text
    # headline figures
    assert f"Toàn tỉnh có {count_text(len(now.full), now.communes)} xã đạt đủ 19 tiêu chí" in text
    assert f"bình quân đạt {format_number_vi(now.avg, 2)} tiêu chí/xã" in text
    assert f"(cuối năm 2022: {format_number_vi(before.avg, 2)} tiêu chí/xã)" in text
    # communes meeting each criterion, now and at the baseline
    table = table_with_header(doc, "TC", "Tên tiêu chí")
    body = rows(table)[1:]
    assert [r[0] for r in body] == CRITERIA
    for r in body:
        code = r[0]
        assert r[2] == count_text(before.criterion(code), before.communes), code
        assert r[3] == count_text(now.criterion(code), now.communes), code
        share = 100 * now.criterion(code) / now.communes
        assert r[4] == format_percent(share), code
    # communes by group
    bands = rows(table_with_header(doc, "Nhóm xã"))[1:]
    assert bands[0][0] == "Dưới 5 tiêu chí"
    assert bands[1][2] == format_number_vi(now.band(5, 9))
    assert bands[1][1] == format_number_vi(before.band(5, 9))
    assert bands[-1][2] == format_number_vi(now.communes - len(now.reported))
    # A3 met every criterion in 2023 after failing 2 and 17 in 2022
    assert f"Xã đạt chuẩn nông thôn mới: 1 xã mới đạt so với cuối năm 2022 ({short(A3)}" in text
    # annexes: every district with a total, every commune of the province
    districts = table_with_header(doc, "STT", "Huyện, thành phố", "Số xã", "Số xã có số liệu")
    lines = rows(districts)
    assert lines[-1][1] == "Toàn tỉnh"
    assert lines[-1][2] == format_number_vi(now.communes)
    assert lines[-1][3] == format_number_vi(len(now.reported))
    assert len(lines) == 1 + 11 + 1
    per_criterion = table_with_header(doc, "STT", "Huyện, thành phố", "Số xã", "TC 1")
    header = rows(per_criterion)[0]
    assert header[3:] == [f"TC {c}" for c in CRITERIA]
    assert rows(per_criterion)[-1][3:] == [format_number_vi(now.criterion(c)) for c in CRITERIA]
    communes = rows(
        table_with_header(doc, "STT", "Xã", "Huyện, thành phố", "Số tiêu chí đạt cuối năm 2022")
    )
    assert len(communes) == 1 + now.communes == 182
    by_name = {r[1]: r for r in communes[1:]}
    b1 = by_name[AdminUnit.objects.get(code=B1).name]
    assert b1[3:5] == ["14", "17"]  # 2022: failed 1-5; 2023: failed 1 and 2
    assert b1[9] == "1, 2"
    a4 = by_name[AdminUnit.objects.get(code=A4).name]
    assert a4[3:5] == ["3", "3 (năm 2022)"]  # approved in 2022 only: carried forward, said so
    # three charts, and tables whose columns came from loops are consistent
    assert len(doc.inline_shapes) == 3
    assert all(grid_is_consistent(t) for t in doc.tables)
    # no template tag survived the rendering; Word would accept the properties
    assert "{{" not in text and "{%" not in text
    assert schema_order_errors(doc) == []


def test_annual_report_reads_the_last_quarter_when_the_year_has_no_period(dash_world):
    officer = officer_for(dash_world.units[B4])
    build_report(
        Plan(B4, "2024-Q2", "approved"),
        officer,
        dash_world.users["quantri"],
        period_get_or_create,
        report_get_or_create,
    )
    _, doc = make("tien-do", province(), "2024")
    text = all_text(doc)
    assert "xây dựng nông thôn mới năm 2024" in text
    assert "(số liệu quý II năm 2024)" in text
    assert "so với cuối năm 2023" in text
    _, quarterly = make("tien-do", province(), "2024-Q2")
    assert "xây dựng nông thôn mới quý II năm 2024" in all_text(quarterly)


def test_district_report(dash_world):
    exp = dash_world.expected("2022", DISTRICT_A)
    district = AdminUnit.objects.get(code=DISTRICT_A)
    parts, doc = make("huyen", district, "2022")
    text = all_text(doc)
    assert "ỦY BAN NHÂN DÂN" in doc.tables[0].cell(0, 0).text
    assert "HUYỆN CAO LỘC" in doc.tables[0].cell(0, 0).text
    assert "Cao Lộc, ngày 29 tháng 11 năm 2026" in doc.tables[0].cell(1, 1).text
    assert "trên địa bàn huyện Cao Lộc năm 2022" in text
    assert f"Trên địa bàn có {exp.communes} xã thuộc Chương trình" in text
    communes = rows(table_with_header(doc, "STT", "Xã", "Số tiêu chí đạt"))[1:]
    assert len(communes) == exp.communes
    a3 = next(r for r in communes if r[1] == AdminUnit.objects.get(code=A3).name)
    assert a3[2] == "17"
    assert a3[6] == "2, 17"
    matrix = table_with_header(doc, "STT", "Xã", "1", "2")
    a3_marks = next(r for r in rows(matrix) if r[1] == AdminUnit.objects.get(code=A3).name)
    assert a3_marks[2:21] == ["" if c in ("2", "17") else "x" for c in CRITERIA]
    assert a3_marks[21] == "17"
    assert grid_is_consistent(matrix)
    assert len(doc.inline_shapes) == 2
    assert parts.filename == "bao-cao-huyen-cao-loc-2022"


def test_commune_scorecard_report(dash_world):
    unit = dash_world.units[A3]
    _, doc = make("xa", unit, "2022")
    text = all_text(doc)
    assert unit.name.upper() in doc.tables[0].cell(0, 0).text
    assert f"của {unit.name[:1].lower()}{unit.name[1:]}, năm 2022" in text
    assert "Số tiêu chí đạt: 17/19 tiêu chí" in text
    assert "Các tiêu chí chưa đạt: 2, 17." in text
    assert "Số liệu đã được tỉnh phê duyệt." in text
    table = table_with_header(doc, "Chỉ tiêu", "Nội dung", "Giá trị", "Ngưỡng", "Kết quả", "Lý do")
    lines = rows(table)
    groups = [r[0] for r in lines if r[0].startswith("Tiêu chí số")]
    assert len(groups) == 19
    assert any(g.startswith("Tiêu chí số 2 - Giao thông: chưa đạt") for g in groups)
    assert any(g.startswith("Tiêu chí số 1 - Quy hoạch: đạt") for g in groups)
    failing = [r for r in lines if r[4] == "Không đạt"]
    assert {r[0].split(".")[0] for r in failing} == {"2", "17"}
    assert all(r[5] for r in failing)  # every verdict has its reason
    # what is missing for the next level names the failing criteria
    assert "NỘI DUNG CÒN THIẾU ĐỂ ĐƯỢC CÔNG NHẬN XÃ ĐẠT CHUẨN NÔNG THÔN MỚI" in text
    assert "- Tiêu chí số 2 - Giao thông:" in text


def test_commune_report_needs_approved_figures_unless_drafts(dash_world):
    with pytest.raises(ReportError, match="chưa có số liệu đã được phê duyệt"):
        make("xa", AdminUnit.objects.get(code=world.A5), "2022")
    _, doc = make("xa", AdminUnit.objects.get(code=world.A5), "2022", drafts=True)
    assert "Số liệu chưa được phê duyệt (trạng thái: Chờ huyện thẩm định)." in all_text(doc)


def test_department_report(dash_world):
    exp = dash_world.expected("2023")
    parts, doc = make("so-nganh", province(), "2023", criteria=[9, 1], organisation="Sở Xây dựng")
    text = all_text(doc)
    assert "SỞ XÂY DỰNG" in doc.tables[0].cell(0, 0).text
    assert "Số:" in doc.tables[0].cell(1, 0).text
    assert doc.tables[0].cell(1, 0).text.strip().endswith("/BC-SXD")
    assert "do Sở Xây dựng phụ trách, năm 2023" in text
    assert "1. Tiêu chí số 1 - Quy hoạch" in text
    assert "2. Tiêu chí số 9 - Nhà ở dân cư" in text
    assert f"Có {count_text(exp.criterion('1'), exp.communes)} xã đạt tiêu chí" in text
    assert f"Có {count_text(exp.criterion('9'), exp.communes)} xã đạt tiêu chí" in text
    by_district = rows(table_with_header(doc, "STT", "Huyện, thành phố", "Số xã", "Tiêu chí 1"))
    assert by_district[0][3:] == ["Tiêu chí 1", "Tiêu chí 9"]
    assert by_district[-1][3:] == [
        format_number_vi(exp.criterion("1")),
        format_number_vi(exp.criterion("9")),
    ]
    # B1 fails criterion 1 in 2023; A4 and B2 did not report in 2023 and keep
    # their approved 2022 figures (failing 1 and 9): listed with failing indicators
    short_list = rows(table_with_header(doc, "STT", "Xã", "Huyện, thành phố", "Tiêu chí chưa đạt"))
    failing = {p.unit for p in exp.reported if {"1", "9"} & p.fails}
    assert failing == {B1, A4, B2}
    expected_names = list(
        AdminUnit.objects.filter(code__in=failing).order_by("path").values_list("name", flat=True)
    )
    assert [r[1] for r in short_list[1:]] == expected_names
    b1 = next(r for r in short_list if r[1] == AdminUnit.objects.get(code=B1).name)
    assert b1[3] == "1" and b1[4].startswith("1.")
    # indicator table: communes meeting 1.1 = those meeting criterion 1 here (first
    # indicator fails); met, not met and missing (communes without data) add up to all
    indicators = rows(table_with_header(doc, "Chỉ tiêu", "Nội dung", "Ngưỡng"))
    assert indicators[1][0] == "1.1"
    assert indicators[1][3] == format_number_vi(exp.criterion("1"))
    not_met = len(exp.reported) - exp.criterion("1")
    assert indicators[1][4] == format_number_vi(not_met)
    assert indicators[1][5] == format_number_vi(exp.communes - len(exp.reported))
    assert parts.filename == "bao-cao-so-xay-dung-2023"


def test_department_report_refuses_unknown_criteria(dash_world):
    with pytest.raises(ReportError, match="không có tiêu chí 25"):
        make("so-nganh", province(), "2023", criteria=[25], organisation="Sở X")


def test_documents_refuse_scopes_and_periods_without_figures(dash_world):
    with pytest.raises(ReportError, match="chưa có số liệu đã được phê duyệt"):
        make("huyen", AdminUnit.objects.get(code="180"), "2023")  # Tràng Định: nothing approved
    with pytest.raises(ReportError, match="không phải đơn vị cấp huyện"):
        make("huyen", dash_world.units[A1], "2022")
    with pytest.raises(ReportError, match="Chưa có kỳ báo cáo «2021»"):
        make("tien-do", province(), "2021")
    with pytest.raises(ReportError, match="không hợp lệ"):
        make("tien-do", province(), "2023-Q7")


def test_an_office_template_replaces_the_shipped_one(dash_world, tmp_path, settings):
    """An office edits a template in Word and the operator puts it in
    NTM_REPORT_TEMPLATES_DIR: documents follow the edited wording."""
    from docx import Document

    edited = Document()
    edited.add_paragraph("{{ vb.dia_danh_ngay }}")
    edited.add_paragraph("Bản của UBND xã: {{ xa.ten }} đạt {{ kq.so_tieu_chi_dat }} tiêu chí.")
    edited.save(tmp_path / "bao-cao-xa.docx")
    settings.NTM_REPORT_TEMPLATES_DIR = str(tmp_path)
    _, doc = make("xa", dash_world.units[A3], "2022")
    text = all_text(doc)
    name = dash_world.units[A3].name
    assert text.splitlines()[1] == f"Bản của UBND xã: {name} đạt 17/19 tiêu chí."
    # the other templates are still the shipped ones
    _, district = make("huyen", AdminUnit.objects.get(code=DISTRICT_A), "2022")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in all_text(district)
