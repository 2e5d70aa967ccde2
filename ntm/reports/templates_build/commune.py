"""bao-cao-xa.docx: a commune people's committee's report on its criteria,
indicator by indicator, its past periods, its recognition decisions and
what it still lacks for the next level."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from ntm.reports import docformat
from ntm.reports.docformat import Column
from ntm.reports.templates_build import sections
from ntm.reports.templates_build.tables import TableSpec, add_table

# The indicator tables carry long reasons: one point smaller than the body tables.
DETAIL_PT = 11

# One row per indicator, under a bold row per criterion.
INDICATOR_COLUMNS = (
    Column("Chỉ tiêu", 14, "{{ ct.ma }}"),
    Column("Nội dung", 44, "{{ ct.ten }}", "left"),
    Column("Giá trị", 20, "{{ ct.gia_tri }}"),
    Column("Ngưỡng", 20, "{{ ct.nguong }}"),
    Column("Kết quả", 19, "{{ ct.ket_qua }}"),
    Column("Lý do", 48, "{{ ct.ly_do }}", "left"),
)

OTHER_CONDITIONS = TableSpec(
    caption="Các điều kiện khác của mức đạt chuẩn",
    columns=(
        Column("Nội dung", 58, "{{ ct.ten }}", "left"),
        Column("Giá trị", 20, "{{ ct.gia_tri }}"),
        Column("Ngưỡng", 20, "{{ ct.nguong }}"),
        Column("Kết quả", 19, "{{ ct.ket_qua }}"),
        Column("Lý do", 48, "{{ ct.ly_do }}", "left"),
    ),
    rows_loop="ct in dieu_kien",
    size=DETAIL_PT,
)

HISTORY = TableSpec(
    columns=(
        Column("Kỳ", 28, "{{ h.ky }}"),
        Column("Trạng thái số liệu", 37, "{{ h.trang_thai }}", "left"),
        Column("Số tiêu chí đạt", 22, "{{ h.so_tieu_chi }}"),
        Column("Nhóm", 34, "{{ h.nhom }}", "left"),
        Column("Mức đạt", 44, "{{ h.muc_dat }}", "left"),
    ),
    rows_loop="h in lich_su",
)

RECOGNITIONS = TableSpec(
    columns=(
        Column("Mức", 42, "{{ q.muc }}", "left"),
        Column("Số quyết định", 32, "{{ q.so_qd }}"),
        Column("Ngày", 22, "{{ q.ngay }}"),
        Column("Bộ tiêu chí áp dụng", 40, "{{ q.bo_tieu_chi }}", "left"),
        Column("Thu hồi", 29, "{{ q.thu_hoi }}"),
    ),
    rows_loop="q in cong_nhan",
)


def build(doc: DocxDocument) -> None:
    sections.add_report_opening(
        doc,
        [
            "Kết quả thực hiện các tiêu chí xã nông thôn mới",
            "của {{ xa.ten_thuong }}, {{ ky.ten }}",
        ],
    )
    docformat.add_text(
        doc,
        "Căn cứ {{ bo_tieu_chi.ten }}; Ủy ban nhân dân {{ xa.ten_thuong }} báo cáo kết quả thực "
        "hiện các tiêu chí {{ ky.ten }} như sau:",
    )
    docformat.add_text(doc, "{{ trang_thai_so_lieu }}.", italic=True)
    _overall(doc)
    _each_criterion(doc)
    docformat.add_heading(doc, "III. KẾT QUẢ QUA CÁC KỲ")
    add_table(doc, HISTORY)
    docformat.add_heading(doc, "IV. QUYẾT ĐỊNH CÔNG NHẬN")
    sections.add_conditional(
        doc, "cong_nhan", RECOGNITIONS, "Xã chưa có quyết định công nhận đạt chuẩn."
    )
    _next_level(doc)
    docformat.add_text(
        doc,
        "Ủy ban nhân dân {{ xa.ten_thuong }} báo cáo Ủy ban nhân dân {{ xa.huyen_thuong }}./.",
    )
    sections.add_signature(doc, ["- UBND {{ xa.huyen_thuong }} (b/c);", "- Lưu: VT."])


def _overall(doc: DocxDocument) -> None:
    docformat.add_heading(doc, "I. KẾT QUẢ CHUNG")
    docformat.add_text(
        doc, "- Số tiêu chí đạt: {{ kq.so_tieu_chi_dat }} tiêu chí (nhóm: {{ kq.nhom }})."
    )
    docformat.add_text(doc, "- Các tiêu chí chưa đạt: {{ kq.chua_dat }}.")
    docformat.add_text(doc, "- Mức đạt chuẩn: {{ kq.muc_dat }}.")
    sections.add_repeated(
        doc,
        "m in muc",
        "- {{ m.ten }}: {{ m.ket_qua|lower }}{% for y in m.chua_dat %}{% if loop.first %} "
        "({% endif %}{{ y }}{% if not loop.last %}; {% else %}){% endif %}{% endfor %}.",
    )


def _each_criterion(doc: DocxDocument) -> None:
    docformat.add_heading(doc, "II. KẾT QUẢ THỰC HIỆN TỪNG TIÊU CHÍ")
    docformat.add_grouped_table(
        doc,
        INDICATOR_COLUMNS,
        group_loop="tc in tieu_chi",
        group_text="Tiêu chí số {{ tc.ma }} - {{ tc.ten }}: {{ tc.ket_qua|lower }}",
        rows_loop="ct in tc.chi_tieu",
        size=DETAIL_PT,
    )
    docformat.add_tag(doc, "{%p if dieu_kien %}")
    add_table(doc, OTHER_CONDITIONS)
    docformat.add_tag(doc, "{%p endif %}")


def _next_level(doc: DocxDocument) -> None:
    """Part V, when there is a next level: what the commune still lacks."""
    docformat.add_tag(doc, "{%p if co_muc_tiep %}")
    docformat.add_heading(doc, "V. NỘI DUNG CÒN THIẾU ĐỂ ĐƯỢC CÔNG NHẬN {{ muc_tiep.ten|upper }}")
    sections.add_repeated(
        doc,
        "tc in muc_tiep.tieu_chi",
        "- Tiêu chí số {{ tc.ma }} - {{ tc.ten }}: {% for ct in tc.chi_tieu %}{{ ct.ly_do }}"
        "{% if not loop.last %}; {% endif %}{% endfor %}.",
    )
    sections.add_repeated(doc, "ct in muc_tiep.dieu_kien", "- {{ ct.ten }}: {{ ct.ly_do }}.")
    sections.add_repeated(doc, "k in muc_tiep.khac", "- {{ k }}.")
    docformat.add_tag(doc, "{%p endif %}")
