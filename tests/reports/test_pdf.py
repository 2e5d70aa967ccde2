"""The PDF path: LibreOffice (a real client that must accept our .docx)
converts the Word files; pdftotext reads the Vietnamese text and figures
back, pdffonts shows Times New Roman rendered by the metric-compatible
Liberation Serif, embedded. Two conversions run at the same time, each with
its own profile directory."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ntm.planning.services import plan_import
from ntm.reports.builders import BuildRequest, build_parts
from ntm.reports.render import PdfError, docx_to_pdf, render_docx, soffice_binary
from ntm.units.models import AdminUnit
from tests.reports.helpers import pdf_fonts, pdf_text

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(soffice_binary() is None, reason="LibreOffice is not installed"),
]
PLAN_FILE = Path(__file__).resolve().parents[2] / "ntm" / "data" / "plans" / "lang-son-2023.yaml"
DAY = dt.date(2026, 11, 29)


def words(text: str) -> str:
    return " ".join(text.split())


def test_progress_report_and_plan_convert_together_with_vietnamese_text(dash_world):
    plan_import(path=PLAN_FILE)
    province = AdminUnit.objects.get(type="tinh")
    progress = render_docx(
        build_parts(BuildRequest(kind="tien-do", unit=province, period_code="2023", day=DAY))
    )
    plan = render_docx(
        build_parts(
            BuildRequest(kind="ke-hoach", unit=province, params={"plan": "KH-NTM-LS-2023"}, day=DAY)
        )
    )
    with ThreadPoolExecutor(max_workers=2) as pool:
        progress_pdf, plan_pdf = pool.map(docx_to_pdf, [progress, plan])
    assert progress_pdf.startswith(b"%PDF")
    assert plan_pdf.startswith(b"%PDF")

    exp = dash_world.expected("2023")
    text = words(pdf_text(progress_pdf))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Lạng Sơn, ngày 29 tháng 11 năm 2026" in text
    assert "Thủy lợi và phòng, chống thiên tai" in text
    assert "Quốc phòng và An ninh" in text
    assert f"{exp.criterion('1')}/181" in text
    assert "163/181" in text  # the plan's target for criterion 1
    assert "5.103,888" in text
    assert "Phụ lục III" in text

    text = words(pdf_text(plan_pdf))
    assert "KẾ HOẠCH" in text
    assert "95/181" in text
    assert "5.103,888 tỷ đồng" in text
    assert "90,05%" in text
    assert "Ủy ban nhân dân tỉnh ban hành Kế hoạch" in text
    assert "IV. TỔ CHỨC THỰC HIỆN" in text
    fonts = pdf_fonts(plan_pdf)
    assert "LiberationSerif" in fonts
    # every font embedded ("emb" column) so the PDF prints the same everywhere
    lines = [ln for ln in fonts.splitlines()[2:] if ln.strip()]
    assert lines and all(" yes " in ln for ln in lines)


def test_a_conversion_that_runs_too_long_is_stopped():
    with pytest.raises(PdfError, match="không chuyển xong sang PDF trong"):
        docx_to_pdf(b"PK\x03\x04 not really a document", timeout=0.05)
