"""The administrative format (NĐ 30/2020/NĐ-CP): date line, place, symbol,
and the committed Word templates (reproducible, A4, margins, fonts,
letterhead), without a database."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from ntm.reports import docformat
from ntm.reports.letterhead import abbreviation, date_line, letterhead_context, people_committee
from ntm.reports.render import TEMPLATES_DIR
from ntm.reports.templates_build import build
from ntm.units.models import AdminUnit
from tests.reports.helpers import all_text, open_docx

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = [
    "bao-cao-tien-do.docx",
    "bao-cao-so-nganh.docx",
    "bao-cao-huyen.docx",
    "bao-cao-xa.docx",
]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 11, 29), "Lạng Sơn, ngày 29 tháng 11 năm 2026"),
        # NĐ 30: days below 10 and the months 1 and 2 take a leading zero
        (dt.date(2026, 2, 5), "Lạng Sơn, ngày 05 tháng 02 năm 2026"),
        (dt.date(2023, 3, 9), "Lạng Sơn, ngày 09 tháng 3 năm 2023"),
        (dt.date(2023, 12, 10), "Lạng Sơn, ngày 10 tháng 12 năm 2023"),
    ],
)
def test_place_and_date_line(day, expected):
    assert date_line("Lạng Sơn", day) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sở Xây dựng", "SXD"),
        ("Văn phòng Điều phối", "VPĐP"),
        ("Sở Nông nghiệp và Phát triển nông thôn", "SNNVPTNT"),
        ("Sở GD&ĐT", "SGĐ"),
    ],
)
def test_symbol_initials_keep_the_stroke_of_d(name, expected):
    assert abbreviation(name) == expected


def test_people_committee_letterhead_of_a_commune():
    commune = AdminUnit(code="6244", name="Xã Tân Liên", type="xa")
    vb = letterhead_context(
        people_committee(commune), kind_symbol="BC", day=dt.date(2026, 1, 2), number="12"
    )
    assert vb["co_quan"] == ["ỦY BAN NHÂN DÂN", "XÃ TÂN LIÊN"]
    assert vb["chu_quan"] == ""
    assert vb["so_ky_hieu"] == "12/BC-UBND"
    assert vb["dia_danh_ngay"] == "Tân Liên, ngày 02 tháng 01 năm 2026"
    blank = letterhead_context(people_committee(commune), kind_symbol="BC", day=dt.date(2026, 1, 2))
    # without a number the registry fills it in: non-breaking spaces keep the room
    assert blank["so_ky_hieu"].endswith("/BC-UBND")
    assert blank["so_ky_hieu"].startswith("\u00a0")


@pytest.mark.parametrize("name", TEMPLATES)
def test_committed_templates_are_what_the_builders_make(name):
    assert (TEMPLATES_DIR / name).read_bytes() == build(name), "run: ntm report templates"


@pytest.mark.parametrize("name", TEMPLATES)
def test_templates_follow_decree_30(name):
    doc = open_docx((TEMPLATES_DIR / name).read_bytes())
    first = doc.sections[0]
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    # top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm
    for section in doc.sections:
        assert 20 <= round(section.top_margin.mm, 1) <= 25
        assert 20 <= round(section.bottom_margin.mm, 1) <= 25
        assert 30 <= round(section.left_margin.mm, 1) <= 35
        assert 15 <= round(section.right_margin.mm, 1) <= 20
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert 13 <= normal.font.size.pt <= 14
    # the letterhead: a borderless two-column table holding the national name and motto
    head = doc.tables[0]
    assert len(head.columns) == 2
    borders = head._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None
    assert {e.get(qn("w:val")) for e in borders} == {"nil"}
    right = head.cell(0, 1).text
    assert docformat.NATIONAL_NAME in right
    assert docformat.MOTTO in right
    assert "{{ vb.dia_danh_ngay }}" in head.cell(1, 1).text
    assert "Số: {{ vb.so_ky_hieu }}" in head.cell(1, 0).text
    text = all_text(doc)
    assert "Nơi nhận:" in text
    assert "{{ vb.nguoi_ky }}" in text
    # page numbers from the second page on
    assert first.different_first_page_header_footer
    assert "PAGE" in first.header._element.xml


LOOP_NAMES = {"d", "r", "v", "c", "m", "s", "h", "q", "k", "y", "tc", "ct", "loop", "nn"}


@pytest.mark.parametrize("name", [*TEMPLATES, "ke-hoach-nam.docx"])
def test_every_template_variable_is_documented(name):
    """The office edits templates from docs/huong-dan/bao-cao.md: every
    variable a template reads is described there."""
    guide = (ROOT / "docs" / "huong-dan" / "bao-cao.md").read_text(encoding="utf-8")
    text = all_text(open_docx((TEMPLATES_DIR / name).read_bytes()))
    used = set()
    for tag in re.findall(r"\{[{%](.*?)[}%]\}", text):
        used |= set(re.findall(r"(?<![\w.'])([a-z_]+)\.([a-z_]+)", tag))
        used |= {(root, "") for root in re.findall(r"\b(?:in|if|elif)\s+([a-z_]+)\b", tag)}
    missing = sorted(
        f"{root}.{field}" if field else root
        for root, field in used
        if root not in LOOP_NAMES
        and f"`{root}.{field}`" not in guide
        and f"`{field}`" not in guide
        and f"`{root}`" not in guide
    )
    assert not missing, missing


PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
    "rPr", "sectPr", "pPrChange",
]  # fmt: skip
TBLPR_ORDER = [
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription",
]  # fmt: skip


def schema_order_errors(doc) -> list[str]:
    """Paragraph and table properties out of the WordprocessingML schema
    order (Word refuses such a file as unreadable)."""
    errors = []
    for parent, order in (("pPr", PPR_ORDER), ("tblPr", TBLPR_ORDER)):
        for element in doc.element.body.iter(qn(f"w:{parent}")):
            names = [child.tag.split("}")[1] for child in element]
            known = [order.index(n) for n in names if n in order]
            if known != sorted(known):
                errors.append(f"{parent}: {names}")
    return errors


@pytest.mark.parametrize("name", [*TEMPLATES, "ke-hoach-nam.docx"])
def test_templates_keep_the_schema_order_word_requires(name):
    assert schema_order_errors(open_docx((TEMPLATES_DIR / name).read_bytes())) == []
