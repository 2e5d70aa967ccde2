"""bao-cao-huyen.docx: a district people's committee's report on the
programme in its district, with an annex of each commune's criteria."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from ntm.reports import docformat
from ntm.reports.docformat import Column
from ntm.reports.templates_build import sections
from ntm.reports.templates_build.tables import (
    TableSpec,
    add_table,
    aim_of_the_year,
    commune_row,
    criteria_count,
    criteria_missed,
    per_item,
    row_number,
)

COMMUNES = TableSpec(
    columns=(
        row_number(10),
        commune_row(30),
        criteria_count(16),
        Column("Nhóm", 26, "{{ r.nhom }}", "left"),
        Column("Mức đạt", 28, "{{ r.muc_dat }}", "left"),
        aim_of_the_year(25),
        criteria_missed(30),
    ),
    rows_loop="r in xa",
)

COMMUNE_CRITERIA = TableSpec(
    columns=(
        row_number(9),
        commune_row(36),
        per_item("{{ c }}", 10, headers_loop="c in cot.tc", cells_loop="v in r.tc"),
        criteria_count(17),
    ),
    rows_loop="r in xa",
    size=docformat.ANNEX_TABLE_PT,
)

RECIPIENTS = [
    "- UBND tỉnh (b/c);",
    "- Văn phòng Điều phối NTM tỉnh;",
    "- UBND các xã;",
    "- Lưu: VT.",
]


def build(doc: DocxDocument) -> None:
    sections.add_report_opening(
        doc,
        [
            "Kết quả thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
            "trên địa bàn {{ don_vi.ten_thuong }} {{ ky.ten }}",
        ],
    )
    docformat.add_text(
        doc,
        "Ủy ban nhân dân {{ don_vi.ten_thuong }} báo cáo kết quả thực hiện Chương trình mục tiêu "
        "quốc gia xây dựng nông thôn mới trên địa bàn {{ ky.ten }} như sau:",
    )
    docformat.add_text(doc, sections.DATA_NOTE, italic=True)
    _results(doc)
    _shortfalls_and_tasks(doc)
    sections.add_signature(doc, RECIPIENTS)
    docformat.add_annex_section(doc)
    docformat.add_annex_title(
        doc, "Phụ lục", "KẾT QUẢ ĐẠT TỪNG TIÊU CHÍ CỦA CÁC XÃ", sections.ANNEX_NOTE
    )
    add_table(doc, COMMUNE_CRITERIA)
    docformat.add_note(doc, "Ghi chú: x: đạt; để trống: chưa đạt; –: chưa có số liệu đã phê duyệt.")


def _results(doc: DocxDocument) -> None:
    """Part I: the district's results, each commune's, the recognised ones."""
    docformat.add_heading(doc, "I. KẾT QUẢ THỰC HIỆN")
    docformat.add_heading(doc, "1. Kết quả chung", level=2)
    docformat.add_text(
        doc,
        "Trên địa bàn có {{ tq.so_xa }} xã thuộc Chương trình; {{ tq.dat_du }} xã đạt đủ "
        "{{ tq.so_tieu_chi }} tiêu chí ({{ tq.dat_du_ty_le }}){% if ky.co_ky_goc %}, "
        "{{ tq.dat_du_tang_giam }} so với {{ ky.ky_goc }}{% endif %}; bình quân đạt "
        "{{ tq.bq_tieu_chi }} tiêu chí/xã{% if ky.co_ky_goc %} ({{ ky.ky_goc }}: "
        "{{ tq.bq_tieu_chi_ky_goc }} tiêu chí/xã){% endif %}"
        "{% if tq.bien_gioi_so_xa != '0' %}; {{ tq.bien_gioi_so_xa }} xã biên giới đạt bình "
        "quân {{ tq.bien_gioi_bq }} tiêu chí/xã{% endif %}.",
    )
    sections.add_area_results(doc, "Kết quả thực hiện các mục tiêu của kế hoạch năm {{ ky.nam }}")
    docformat.add_heading(doc, "5. Kết quả của từng xã", level=2)
    add_table(doc, COMMUNES)
    docformat.add_text(doc, "Kết quả đạt từng tiêu chí của các xã tại Phụ lục kèm theo.")
    docformat.add_heading(doc, "6. Xã đã được công nhận đạt chuẩn nông thôn mới", level=2)
    docformat.add_text(
        doc,
        "Trên địa bàn có {{ tq.cong_nhan }} xã đang giữ quyết định công nhận đạt chuẩn nông thôn "
        "mới; trong đó {{ tq.cong_nhan_dat_du }} xã đạt đủ {{ tq.so_tieu_chi }} tiêu chí theo "
        "{{ bo_tieu_chi.ten }}, {{ tq.cong_nhan_chua_dat_du }} xã chưa đạt đủ"
        "{% if cong_nhan_chua_dat %} ({% for c in cong_nhan_chua_dat %}{{ c.ten }}: chưa đạt "
        "tiêu chí {{ c.chua_dat }}{% if not loop.last %}; {% endif %}{% endfor %}){% endif %}.",
    )


def _shortfalls_and_tasks(doc: DocxDocument) -> None:
    """Part II and the closing sentence."""
    docformat.add_heading(doc, "II. TỒN TẠI, HẠN CHẾ VÀ NHIỆM VỤ THỜI GIAN TỚI")
    docformat.add_text(
        doc,
        "- Tập trung chỉ đạo các xã hoàn thiện các tiêu chí chưa đạt, ưu tiên các xã phấn đấu "
        "đạt chuẩn trong năm {{ ky.nam }} và các xã đã được công nhận nhưng chưa đạt đủ tiêu chí.",
    )
    docformat.add_text(
        doc,
        "- Đôn đốc các xã cập nhật số liệu, minh chứng trên Hệ thống; thẩm định kịp thời số "
        "liệu các xã gửi lên{% if tq.chua_co_so_lieu != '0' %} (còn {{ tq.chua_co_so_lieu }} xã "
        "chưa có số liệu đã phê duyệt){% endif %}.",
    )
    docformat.add_text(
        doc,
        "Ủy ban nhân dân {{ don_vi.ten_thuong }} báo cáo Ủy ban nhân dân tỉnh (qua Văn phòng "
        "Điều phối nông thôn mới tỉnh)./.",
    )
