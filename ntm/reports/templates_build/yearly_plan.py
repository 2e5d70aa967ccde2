"""ke-hoach-nam.docx: the province's yearly plan, its sections written by
the plan's author, with an annex of targets, funding and the targets given
to each district."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from ntm.reports import docformat
from ntm.reports.docformat import Column
from ntm.reports.templates_build import sections
from ntm.reports.templates_build.tables import (
    TableSpec,
    add_table,
    commune_count,
    district_row,
    per_item,
    row_number,
)

CRITERIA = TableSpec(
    caption="1. Số xã đạt từng tiêu chí ({{ ke_hoach.so_xa }} xã thuộc Chương trình)",
    columns=(
        Column("TC", 11, "{{ r.ma }}"),
        Column("Tiêu chí", 62, "{{ r.ten }}", "left"),
        Column("Cuối năm {{ ke_hoach.ky_goc }} (xã)", 22, "{{ r.ky_goc }}"),
        Column("Tăng thêm (xã)", 20, "{{ r.tang }}"),
        Column("Kế hoạch năm {{ ke_hoach.nam }}", 26, "{{ r.ke_hoach }}"),
        Column("Tỷ lệ", 24, "{{ r.ty_le }}"),
    ),
    rows_loop="r in tieu_chi",
)

FUNDING = TableSpec(
    caption="2. Nguồn vốn thực hiện Chương trình",
    columns=(
        row_number(11),
        Column("Nguồn vốn", 95, "{{ r.ten }}", "left", total="{{ nguon_von_tong.ten }}"),
        Column(
            "Số vốn (tỷ đồng)", 32, "{{ r.so_von }}", "right", total="{{ nguon_von_tong.so_von }}"
        ),
        Column("Tỷ lệ", 27, "{{ r.ty_le }}", total="{{ nguon_von_tong.ty_le }}"),
    ),
    rows_loop="r in nguon_von",
    with_total=True,
)

DISTRICT_TARGETS = TableSpec(
    caption="3. Chỉ tiêu giao các huyện, thành phố (số xã tăng thêm trong năm)",
    columns=(
        row_number(11),
        district_row(45),
        commune_count(15, total=""),
        per_item(
            "{{ c }}",
            30,
            headers_loop="c in phan_giao.cot",
            cells_loop="v in r.phan",
            totals_loop="v in phan_giao.tong",
        ),
    ),
    rows_loop="r in phan_giao.huyen",
    with_total=True,
    size=docformat.ANNEX_TABLE_PT,
)

RECIPIENTS = [
    "- BCĐ TW CTMTQG XDNTM;",
    "- VPĐP TW CTMTQG XDNTM;",
    "- TT. Tỉnh ủy, TT. HĐND tỉnh;",
    "- Chủ tịch, các Phó Chủ tịch UBND tỉnh;",
    "- Ban Tổ chức, Ban Tuyên giáo Tỉnh ủy;",
    "- Các sở, ban, ngành thành viên BCĐ các CTMTQG tỉnh;",
    "- UBND các huyện, thành phố;",
    "- Văn phòng ĐP CTXDNTM tỉnh;",
    "- C, PVP UBND tỉnh, các phòng CM, Trung tâm Thông tin;",
    "- Lưu: VT, KT.",
]

# The signed plan prints the target and the increase, not the baseline.
BASELINE_NOTE = (
    "Ghi chú: cột «Cuối năm {{ ke_hoach.ky_goc }}» không in trong Kế hoạch đã ký; số liệu "
    "của cột được suy ra bằng Kế hoạch năm {{ ke_hoach.nam }} trừ số tăng thêm."
)

ANNEX_NOTE = "(Kèm theo Kế hoạch số {{ vb.so_ky_hieu }} ngày {{ vb.ngay }} của UBND tỉnh)"


def build(doc: DocxDocument) -> None:
    docformat.add_letterhead(doc, sections.LETTERHEAD)
    docformat.add_title(doc, "KẾ HOẠCH", ["{{ ke_hoach.trich_yeu }}"])
    sections.add_repeated(doc, "d in ke_hoach.mo_dau", "{{ d }}")
    _sections_of_the_plan(doc)
    sections.add_repeated(doc, "d in ke_hoach.ket", "{{ d }}")
    sections.add_signature(doc, RECIPIENTS)
    docformat.add_annex_section(doc, landscape=False)
    docformat.add_annex_title(
        doc, "Phụ lục", "CHỈ TIÊU VÀ NGUỒN VỐN NĂM {{ ke_hoach.nam }}", ANNEX_NOTE
    )
    add_table(doc, CRITERIA)
    docformat.add_tag(doc, "{%p if ke_hoach.ky_goc_suy_ra %}")
    docformat.add_note(doc, BASELINE_NOTE)
    docformat.add_tag(doc, "{%p endif %}")
    add_table(doc, FUNDING)
    docformat.add_tag(doc, "{%p if phan_giao.co %}")
    add_table(doc, DISTRICT_TARGETS)
    docformat.add_tag(doc, "{%p endif %}")


def _sections_of_the_plan(doc: DocxDocument) -> None:
    """The plan's sections, each at its level: headings of the first and
    second level stand alone; a third-level heading runs into its first
    paragraph ("9.1. Chương trình ...: đẩy mạnh ...")."""
    docformat.add_tag(doc, "{%p for s in muc %}")
    docformat.add_tag(doc, "{%p if s.cap == 1 %}")
    docformat.add_heading(doc, "{{ s.tieu_de }}")
    sections.add_repeated(doc, "d in s.doan", "{{ d }}")
    docformat.add_tag(doc, "{%p elif s.cap == 2 %}")
    docformat.add_heading(doc, "{{ s.tieu_de }}", level=2)
    sections.add_repeated(doc, "d in s.doan", "{{ d }}")
    docformat.add_tag(doc, "{%p else %}")
    run_in = docformat.add_text(doc, "")
    heading = run_in.add_run("{{ s.tieu_de }}{% if s.mo_dau %}: {% endif %}")
    heading.bold = True
    heading.italic = True
    run_in.add_run("{{ s.mo_dau }}")
    sections.add_repeated(doc, "d in s.doan_sau", "{{ d }}")
    docformat.add_tag(doc, "{%p endif %}")
    docformat.add_tag(doc, "{%p endfor %}")
