"""The layout of Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP,
Phụ lục I), as python-docx building blocks.

:mod:`ntm.reports.templates_build` assembles the .docx templates from these
blocks, so every template has the same letterhead, title, "Nơi nhận" and
signature block; the text it passes may hold docxtpl tags. After rendering,
:func:`regrid_tables` makes the width of tables whose columns come from a
``{%tc for %}`` loop consistent again.

Layout (NĐ 30/2020, Phụ lục I): A4; margins top and bottom 20-25 mm, left
30-35 mm, right 15-20 mm; Times New Roman; body 13-14 pt, justified, first
line indented 1-1,27 cm, at least 6 pt between paragraphs, line spacing from
single to 1,5 lines; the letterhead is a borderless two-column table (issuing
body on the left, national name and motto on the right, each underlined by a
short rule); the place and date line in italics; page numbers centred in the
header from page 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
ANNEX_TABLE_PT = 11
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 20
MARGIN_BOTTOM_MM = 20
MARGIN_LEFT_MM = 30
MARGIN_RIGHT_MM = 15
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165
LANDSCAPE_TEXT_WIDTH_MM = PAGE_HEIGHT_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 252
FIRST_LINE_INDENT_MM = 12.7
LETTERHEAD_LEFT_MM = 60  # issuing body; the rest holds the national name and motto

# i18n: data (the national name and motto head every official document)
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"  # i18n: data


# -- low-level helpers -----------------------------------------------------------------

# Elements that follow, in the WordprocessingML schema, the ones added here:
# Word refuses a document whose properties are out of order.
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip
_AFTER_TBL_LAYOUT = ("w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
_AFTER_TBL_BORDERS = ("w:shd", "w:tblLayout", *_AFTER_TBL_LAYOUT)


def _set_run_font(run_properties: BaseOxmlElement) -> None:
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _style_doc(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _set_run_font(normal.element.get_or_add_rPr())
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    # The document defaults too, so that tables and headers inherit the font.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _set_run_font(rpr)
    doc.core_properties.language = "vi-VN"


def _setup_section(section: Section, *, landscape: bool) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE_HEIGHT_MM), Mm(PAGE_WIDTH_MM)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGIN_TOP_MM)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE...) as begin / instruction / separate / result / end."""

    def char(kind: str) -> BaseOxmlElement:
        run = OxmlElement("w:r")
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        run.append(fld)
        return run

    paragraph._p.append(char("begin"))
    instr_run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run.append(instr)
    paragraph._p.append(instr_run)
    paragraph._p.append(char("separate"))
    shown = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    shown.append(text)
    paragraph._p.append(shown)
    paragraph._p.append(char("end"))


def _rule(paragraph: Paragraph, *, side: str = "bottom") -> None:
    """A thin solid rule along one side of a paragraph (its indents give its length)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), "6")
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), "000000")
    borders.append(line)
    # schema order: pBdr comes before shading, tabs, spacing, indents, alignment
    ppr.insert_element_before(borders, *_AFTER_PBDR)


def _no_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    tbl_pr.insert_element_before(borders, *_AFTER_TBL_BORDERS)


def _fixed_layout(table: Table, widths_mm: Sequence[float]) -> None:
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.insert_element_before(layout, *_AFTER_TBL_LAYOUT)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _repeat_header(row: _Row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)
    cant_split = OxmlElement("w:cantSplit")
    trpr.append(cant_split)


def _cell_text(
    cell: _Cell,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
) -> Paragraph:
    paragraph: Paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(1)
    fmt.space_after = Pt(1)
    fmt.first_line_indent = Mm(0)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    return paragraph


def _paragraph(
    container: DocxDocument | _Cell,
    text: str = "",
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    first_line_mm: float = 0,
) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.first_line_indent = Mm(first_line_mm)
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        run.italic = italic
    return paragraph


def _short_rule(cell: _Cell, *, cell_mm: float, rule_mm: float) -> None:
    """A rule of ``rule_mm`` centred under the previous line of a cell."""
    paragraph = _paragraph(cell, size=2, before=1)
    side = max((cell_mm - rule_mm) / 2, 0)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)
    paragraph.paragraph_format.line_spacing = Pt(3)
    _rule(paragraph)


# -- the document and its blocks ----------------------------------------------------------


def new_document() -> DocxDocument:
    """An empty A4 portrait document with the ND 30 margins, font and page numbers."""
    doc = Document()
    _style_doc(doc)
    section = doc.sections[0]
    _setup_section(section, landscape=False)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_field(header, "PAGE", "2")
    # The placeholder paragraph python-docx starts with would print a blank line.
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    return doc


@dataclass(frozen=True)
class Letterhead:
    """Texts of the letterhead; each may hold docxtpl expressions.

    The issuing body is printed in bold upper case, one paragraph per line
    (``issuer_loop`` repeats ``issuer`` for each line, e.g. "d in vb.co_quan"
    and "{{ d }}"); the parent body (cơ quan chủ quản) above it in regular
    upper case, left out when ``parent_body_if`` is false."""

    parent_body: str
    parent_body_if: str
    issuer: str
    issuer_loop: str
    number: str  # "Số: {{ vb.so_ky_hieu }}"
    place_date: str  # "{{ vb.dia_danh_ngay }}"


def add_letterhead(doc: DocxDocument, head: Letterhead) -> Table:
    """Issuing body | national name and motto, then number | place and date."""
    left_mm = LETTERHEAD_LEFT_MM
    right_mm = TEXT_WIDTH_MM - left_mm
    table: Table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _fixed_layout(table, [left_mm, right_mm])
    left, right = table.cell(0, 0), table.cell(0, 1)
    _cell_text(left, f"{{%p if {head.parent_body_if} %}}", size=13)
    _paragraph(left, head.parent_body, size=13)
    _paragraph(left, "{%p endif %}", size=13)
    _paragraph(left, f"{{%p for {head.issuer_loop} %}}", size=13)
    _paragraph(left, head.issuer, size=13, bold=True)
    _paragraph(left, "{%p endfor %}", size=13)
    _short_rule(left, cell_mm=left_mm, rule_mm=left_mm / 3)
    _cell_text(right, NATIONAL_NAME, size=12, bold=True)
    _paragraph(right, MOTTO, size=14, bold=True)
    _short_rule(right, cell_mm=right_mm, rule_mm=62)
    _cell_text(table.cell(1, 0), head.number, size=13).paragraph_format.space_before = Pt(6)
    date_line = _cell_text(table.cell(1, 1), head.place_date, size=14, italic=True)
    date_line.paragraph_format.space_before = Pt(6)
    return table


def add_title(doc: DocxDocument, kind: str, subject: Sequence[str]) -> None:
    """Document type (BÁO CÁO, KẾ HOẠCH) and its subject (trích yếu), with a
    short rule under the subject."""
    _paragraph(doc, kind, size=14, bold=True, before=18)
    for line in subject:
        _paragraph(doc, line, size=14, bold=True)
    rule = _paragraph(doc, size=2, after=12)
    side = (TEXT_WIDTH_MM - 50) / 2
    rule.paragraph_format.left_indent = Mm(side)
    rule.paragraph_format.right_indent = Mm(side)
    rule.paragraph_format.line_spacing = Pt(3)
    _rule(rule)


def add_heading(doc: DocxDocument, text: str, *, level: int = 1) -> Paragraph:
    """A section heading written as text ("I. MỤC TIÊU", "1. Kết quả chung")."""
    paragraph = _paragraph(
        doc,
        text,
        bold=True,
        italic=level >= 3,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        before=6,
        first_line_mm=FIRST_LINE_INDENT_MM,
    )
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.line_spacing = 1.15
    return paragraph


def add_text(doc: DocxDocument, text: str, *, italic: bool = False) -> Paragraph:
    """A body paragraph."""
    paragraph = _paragraph(
        doc,
        text,
        italic=italic,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        before=6,
        first_line_mm=FIRST_LINE_INDENT_MM,
    )
    paragraph.paragraph_format.line_spacing = 1.15
    return paragraph


def add_tag(doc: DocxDocument, tag: str) -> Paragraph:
    """A paragraph holding only a docxtpl paragraph tag (``{%p for ... %}``);
    docxtpl removes it when rendering."""
    return _paragraph(doc, tag, size=BODY_PT, align=WD_ALIGN_PARAGRAPH.LEFT)


def add_caption(doc: DocxDocument, text: str) -> Paragraph:
    paragraph = _paragraph(doc, text, size=13, bold=True, before=8, after=4)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def add_note(doc: DocxDocument, text: str) -> Paragraph:
    return _paragraph(doc, text, size=12, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=2)


def add_image_slot(doc: DocxDocument, expression: str) -> Paragraph:
    """A centred paragraph holding a docxtpl InlineImage variable."""
    paragraph = _paragraph(doc, expression, before=6, after=2)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


@dataclass(frozen=True)
class Column:
    header: str
    width_mm: float
    cell: str  # the data cell text (a docxtpl expression)
    align: str = "center"  # center, left, right
    total: str = ""  # the cell of the total row, if the table has one
    # A column repeated for each item of a list (``{%tc for %}``): the Jinja
    # loop heads of the header row ("c in tieu_chi"), of the data row
    # ("v in r.dat") and of the total row.
    header_loop: str = ""
    cell_loop: str = ""
    total_loop: str = ""


_ALIGN = {
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}

# A template cell: header text, data text, total text, and its column (None
# for the loop head and end cells, which docxtpl removes).
_TemplateCell = tuple[str, str, str, Column | None]


def _template_cells(columns: Sequence[Column]) -> list[_TemplateCell]:
    """A looped column takes three template cells (loop head, the repeated
    cell, loop end), which docxtpl turns into one cell per item."""
    cells: list[_TemplateCell] = []
    for col in columns:
        if col.header_loop:
            cells.append(
                (
                    f"{{%tc for {col.header_loop} %}}",
                    f"{{%tc for {col.cell_loop} %}}",
                    f"{{%tc for {col.total_loop} %}}" if col.total_loop else "",
                    None,
                )
            )
            cells.append((col.header, col.cell, col.total, col))
            cells.append(("{%tc endfor %}", "{%tc endfor %}", "{%tc endfor %}", None))
        else:
            cells.append((col.header, col.cell, col.total, col))
    return cells


def add_table(
    doc: DocxDocument,
    columns: Sequence[Column],
    rows_loop: str,
    *,
    with_total: bool = False,
    size: float = TABLE_PT,
) -> Table:
    """A bordered table: a header row repeated on every page, one data row
    repeated for each item of ``rows_loop`` (e.g. "r in tieu_chi"), and
    optionally a bold total row. Looped columns are narrow in the template;
    :func:`regrid_tables` makes the widths consistent after rendering."""
    cells = _template_cells(columns)
    table: Table = doc.add_table(rows=5 if with_total else 4, cols=len(cells))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_layout(table, [c.width_mm if c is not None else 4.0 for *_, c in cells])
    header = table.rows[0]
    _repeat_header(header)
    for i, (head, _, _, col) in enumerate(cells):
        _cell_text(header.cells[i], head, size=size, bold=col is not None)
    _cell_text(table.cell(1, 0), f"{{%tr for {rows_loop} %}}", size=size)
    for i, (_, text, _, col) in enumerate(cells):
        align = _ALIGN[col.align] if col is not None else WD_ALIGN_PARAGRAPH.CENTER
        _cell_text(table.cell(2, i), text, size=size, align=align)
    _cell_text(table.cell(3, 0), "{%tr endfor %}", size=size)
    if with_total:
        for i, (_, _, text, col) in enumerate(cells):
            align = _ALIGN[col.align] if col is not None else WD_ALIGN_PARAGRAPH.CENTER
            _cell_text(table.cell(4, i), text, size=size, bold=col is not None, align=align)
    return table


def add_grouped_table(
    doc: DocxDocument,
    columns: Sequence[Column],
    *,
    group_loop: str,
    group_text: str,
    rows_loop: str,
    size: float = TABLE_PT,
) -> Table:
    """A bordered table in groups: for each item of ``group_loop`` a bold row
    across the whole width (``group_text``), then one row per item of
    ``rows_loop`` (e.g. the indicators of a criterion)."""
    n = len(columns)
    table: Table = doc.add_table(rows=7, cols=n)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_layout(table, [c.width_mm for c in columns])
    _repeat_header(table.rows[0])
    for i, col in enumerate(columns):
        _cell_text(table.cell(0, i), col.header, size=size, bold=True)
    _cell_text(table.cell(1, 0), f"{{%tr for {group_loop} %}}", size=size)
    group = table.cell(2, 0).merge(table.cell(2, n - 1))
    _cell_text(group, group_text, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _cell_text(table.cell(3, 0), f"{{%tr for {rows_loop} %}}", size=size)
    for i, col in enumerate(columns):
        _cell_text(table.cell(4, i), col.cell, size=size, align=_ALIGN[col.align])
    _cell_text(table.cell(5, 0), "{%tr endfor %}", size=size)
    _cell_text(table.cell(6, 0), "{%tr endfor %}", size=size)
    return table


def add_recipients_and_signature(
    doc: DocxDocument, recipients: Sequence[str], *, authority_loop: str, authority: str, name: str
) -> Table:
    """ "Nơi nhận" (bold italic 12 pt, entries 11 pt) on the left; on the
    right the signing authority (bold upper case, one paragraph per line,
    ``authority_loop`` repeating ``authority``), room for the signature and
    seal, and the signer's name."""
    left_mm = 80
    table: Table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed_layout(table, [left_mm, TEXT_WIDTH_MM - left_mm])
    left, right = table.cell(0, 0), table.cell(0, 1)
    head = _cell_text(
        left,
        # i18n: data (the fixed heading of the recipients block, NĐ 30/2020/NĐ-CP)
        "Nơi nhận:",
        size=12,
        bold=True,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    head.paragraph_format.space_before = Pt(12)
    for line in recipients:
        _paragraph(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = _cell_text(right, f"{{%p for {authority_loop} %}}", size=14)
    first.paragraph_format.space_before = Pt(12)
    _paragraph(right, authority, size=14, bold=True)
    _paragraph(right, "{%p endfor %}", size=14)
    for _ in range(4):
        _paragraph(right, "", size=14)
    _paragraph(right, name, size=14, bold=True)
    return table


def add_page_break(doc: DocxDocument) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def add_annex_section(doc: DocxDocument, *, landscape: bool = True) -> None:
    """A new section (new page) for annexes; landscape for wide tables. Its
    pages are numbered from its first page on."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _setup_section(section, landscape=landscape)
    section.different_first_page_header_footer = False


def add_annex_title(doc: DocxDocument, number: str, title: str, note: str) -> None:
    """ "Phụ lục I", its title (bold) and "(Kèm theo ...)" in italics."""
    _paragraph(doc, number, size=14, bold=True)
    _paragraph(doc, title, size=14, bold=True)
    _paragraph(doc, note, size=13, italic=True, after=8)


# -- after rendering -------------------------------------------------------------------------


def regrid_tables(doc: DocxDocument) -> None:
    """Rebuild the column grid of every table from its widest row, so that
    tables whose columns came from a ``{%tc for %}`` loop keep the widths of
    their cells (Word reads the cells, LibreOffice the grid). A table wider
    than the text area of its section is scaled down to fit (in place)."""
    for table, text_width in _tables_with_width(doc):
        tbl = table._tbl
        rows = tbl.findall(qn("w:tr"))
        if not rows:
            continue
        widths: list[int] = []
        for tr in rows:
            row_widths: list[int] = []
            for tc in tr.findall(qn("w:tc")):
                span = tc.find(qn("w:tcPr") + "/" + qn("w:gridSpan"))
                if span is not None:
                    row_widths = []
                    break
                width = tc.find(qn("w:tcPr") + "/" + qn("w:tcW"))
                row_widths.append(int(width.get(qn("w:w"))) if width is not None else 0)
            if len(row_widths) > len(widths):
                widths = row_widths
        grid = tbl.tblGrid
        current = [int(c.get(qn("w:w"))) for c in grid.findall(qn("w:gridCol"))]
        total = sum(widths)
        if not widths or not total:
            continue
        if total > text_width:
            widths = [int(w * text_width / total) for w in widths]
        if widths == current:
            continue
        for col in grid.findall(qn("w:gridCol")):
            grid.remove(col)
        for w in widths:
            col = OxmlElement("w:gridCol")
            col.set(qn("w:w"), str(w))
            grid.append(col)
        for tr in rows:
            tcs = tr.findall(qn("w:tc"))
            if len(tcs) != len(widths):
                continue
            for tc, w in zip(tcs, widths, strict=True):
                tcw = tc.find(qn("w:tcPr") + "/" + qn("w:tcW"))
                if tcw is not None:
                    tcw.set(qn("w:w"), str(w))
                    tcw.set(qn("w:type"), "dxa")


def _tables_with_width(doc: DocxDocument) -> list[tuple[Table, int]]:
    """Every top-level table with the text width (twips) of its section."""
    found: list[tuple[Table, int]] = []
    pending: list[Table] = []
    body = doc.element.body
    sections = iter(doc.sections)
    section = next(sections)
    for child in body.iterchildren():
        if child.tag == qn("w:tbl"):
            pending.append(Table(child, doc))
        elif child.tag == qn("w:p") and child.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
            found += [(t, _text_width_twips(section)) for t in pending]
            pending = []
            section = next(sections, section)
    found += [(t, _text_width_twips(section)) for t in pending]
    return found


def _text_width_twips(section: Section) -> int:
    """The width between the margins, in twips (635 EMU each)."""
    width, left, right = section.page_width, section.left_margin, section.right_margin
    # Word and LibreOffice always write the page size and margins of a section.
    assert width is not None and left is not None and right is not None
    return int(width - left - right) // 635
