"""The tables of the templates, described as data: a list of column specs
and the Jinja loop of its rows. Tables printed by several documents are
defined once here; a document's own tables live in its module.

Widths are in millimetres; they are part of the committed templates, so a
column shared by name but printed at another width keeps its own number."""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument

from ntm.reports import docformat
from ntm.reports.docformat import Column


@dataclass(frozen=True)
class TableSpec:
    """A bordered table: a caption above it (none when empty), its columns,
    the loop of its data row ("r in tieu_chi"), an optional bold total row
    and the font size of its cells."""

    columns: tuple[Column, ...]
    rows_loop: str
    caption: str = ""
    with_total: bool = False
    size: float = docformat.TABLE_PT


def add_table(doc: DocxDocument, table: TableSpec) -> None:
    if table.caption:
        docformat.add_caption(doc, table.caption)
    docformat.add_table(
        doc, table.columns, table.rows_loop, with_total=table.with_total, size=table.size
    )


# -- columns several tables share ------------------------------------------------------------


def row_number(width_mm: float) -> Column:
    """STT: the number of the row (blank in the total row)."""
    return Column("STT", width_mm, "{{ r.stt }}")


def district_row(width_mm: float) -> Column:
    """The district a row is about; the total row speaks of the province."""
    return Column("Huyện, thành phố", width_mm, "{{ r.ten }}", "left", total="Toàn tỉnh")


def commune_row(width_mm: float) -> Column:
    return Column("Xã", width_mm, "{{ r.ten }}", "left")


def district_of_commune(width_mm: float) -> Column:
    return Column("Huyện, thành phố", width_mm, "{{ r.huyen }}", "left")


def commune_count(width_mm: float, *, total: str = "{{ tong.so_xa }}") -> Column:
    return Column("Số xã", width_mm, "{{ r.so_xa }}", total=total)


def per_item(
    header: str, width_mm: float, *, headers_loop: str, cells_loop: str, totals_loop: str = ""
) -> Column:
    """A column repeated for each item of a list (the criteria, the levels,
    the groups): its header reads ``c``, its data and total cells ``v``."""
    return Column(
        header,
        width_mm,
        "{{ v }}",
        total="{{ v }}" if totals_loop else "",
        header_loop=headers_loop,
        cell_loop=cells_loop,
        total_loop=totals_loop,
    )


def criteria_count(width_mm: float) -> Column:
    return Column("Số tiêu chí đạt", width_mm, "{{ r.so_tieu_chi }}")


def aim_of_the_year(width_mm: float) -> Column:
    return Column("Phấn đấu năm {{ ky.nam }}", width_mm, "{{ r.phan_dau }}", "left")


def criteria_missed(width_mm: float) -> Column:
    return Column("Tiêu chí chưa đạt", width_mm, "{{ r.chua_dat }}", "left")


# The plan's figure, what was done and the verdict, after a goal or a target.
PLAN_AGAINST_RESULT = (
    Column("Kế hoạch", 28, "{{ r.ke_hoach }}"),
    Column("Thực hiện", 28, "{{ r.thuc_hien }}"),
    Column("Đánh giá", 37, "{{ r.danh_gia }}"),
)


# -- tables of the area reports (province and district) --------------------------------------

# The goals of the yearly plan; its caption differs between the documents.
GOALS = TableSpec(
    columns=(row_number(10), Column("Mục tiêu", 62, "{{ r.ten }}", "left"), *PLAN_AGAINST_RESULT),
    rows_loop="r in ke_hoach.muc_tieu",
)

LEVELS = TableSpec(
    caption="Số xã đạt đủ tiêu chí và đạt chuẩn các mức",
    columns=(
        Column("Nội dung", 62, "{{ r.ten }}", "left"),
        Column("{{ ky.ky_goc_hoa }}", 26, "{{ r.ky_goc }}"),
        Column("{{ ky.ten_hoa }}", 26, "{{ r.so_xa }}"),
        Column("Tỷ lệ", 21, "{{ r.ty_le }}"),
        Column("Tăng, giảm", 30, "{{ r.tang_giam }}"),
    ),
    rows_loop="r in muc_dat",
)

BANDS = TableSpec(
    caption="Số xã theo số tiêu chí đạt",
    columns=(
        Column("Nhóm xã", 62, "{{ r.ten }}", "left"),
        Column("{{ ky.ky_goc_hoa }} (xã)", 28, "{{ r.ky_goc }}"),
        Column("{{ ky.ten_hoa }} (xã)", 28, "{{ r.so_xa }}"),
        Column("Tỷ lệ", 24, "{{ r.ty_le }}"),
        Column("Tăng, giảm", 23, "{{ r.tang_giam }}"),
    ),
    rows_loop="r in nhom",
)

_CRITERIA_CAPTION = "Số xã đạt từng tiêu chí"

# Each criterion against the yearly plan (when there is one) ...
CRITERIA_WITH_PLAN = TableSpec(
    caption=_CRITERIA_CAPTION,
    columns=(
        Column("TC", 10, "{{ r.ma }}"),
        Column("Tên tiêu chí", 53, "{{ r.ten }}", "left"),
        Column("{{ ky.ky_goc_hoa }}", 22, "{{ r.ky_goc }}"),
        Column("Kế hoạch năm {{ ky.nam }}", 22, "{{ r.ke_hoach }}"),
        Column("{{ ky.ten_hoa }}", 22, "{{ r.dat }}"),
        Column("Tỷ lệ", 18, "{{ r.ty_le }}"),
        Column("So với kế hoạch", 18, "{{ r.danh_gia }}"),
    ),
    rows_loop="r in tieu_chi",
)

# ... or against the base period alone.
CRITERIA_WITHOUT_PLAN = TableSpec(
    caption=_CRITERIA_CAPTION,
    columns=(
        Column("TC", 10, "{{ r.ma }}"),
        Column("Tên tiêu chí", 73, "{{ r.ten }}", "left"),
        Column("{{ ky.ky_goc_hoa }}", 22, "{{ r.ky_goc }}"),
        Column("{{ ky.ten_hoa }}", 22, "{{ r.dat }}"),
        Column("Tỷ lệ", 18, "{{ r.ty_le }}"),
        Column("Tăng, giảm", 20, "{{ r.tang_giam }}"),
    ),
    rows_loop="r in tieu_chi",
)
