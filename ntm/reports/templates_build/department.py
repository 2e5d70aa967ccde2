"""bao-cao-so-nganh.docx: a department's report on the criteria it is in
charge of, with an annex listing the communes short of them."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from ntm.reports import docformat
from ntm.reports.docformat import Column
from ntm.reports.templates_build import sections
from ntm.reports.templates_build.tables import (
    TableSpec,
    add_table,
    commune_count,
    commune_row,
    district_of_commune,
    district_row,
    per_item,
    row_number,
)

INDICATORS = TableSpec(
    columns=(
        Column("Chỉ tiêu", 15, "{{ ct.ma }}"),
        Column("Nội dung", 52, "{{ ct.ten }}", "left"),
        Column("Ngưỡng", 22, "{{ ct.nguong }}"),
        Column("Số xã đạt", 17, "{{ ct.dat }}"),
        Column("Số xã không đạt", 19, "{{ ct.khong_dat }}"),
        Column("Thiếu số liệu, ngưỡng", 20, "{{ ct.thieu }}"),
        Column("Tỷ lệ đạt", 20, "{{ ct.ty_le }}"),
    ),
    rows_loop="ct in tc.chi_tieu",
)

DISTRICTS = TableSpec(
    caption="Số xã đạt các tiêu chí do {{ so.ten }} phụ trách",
    columns=(
        row_number(12),
        district_row(60),
        commune_count(20),
        per_item(
            "Tiêu chí {{ c }}",
            24,
            headers_loop="c in cot.tc",
            cells_loop="v in r.tc",
            totals_loop="v in tong.tc",
        ),
    ),
    rows_loop="r in huyen",
    with_total=True,
)

COMMUNES_SHORT = TableSpec(
    columns=(
        row_number(11),
        commune_row(38),
        district_of_commune(38),
        Column("Tiêu chí chưa đạt", 28, "{{ r.tieu_chi }}"),
        Column("Chỉ tiêu chưa đạt", 50, "{{ r.chi_tieu }}", "left"),
    ),
    rows_loop="r in xa_chua_dat",
    size=docformat.ANNEX_TABLE_PT,
)

RECIPIENTS = [
    "- Ban Chỉ đạo các CTMTQG tỉnh (b/c);",
    "- Văn phòng Điều phối NTM tỉnh;",
    "- Lưu: VT.",
]


def build(doc: DocxDocument) -> None:
    sections.add_report_opening(
        doc,
        [
            "Kết quả thực hiện các tiêu chí xây dựng nông thôn mới",
            "do {{ so.ten }} phụ trách, {{ ky.ten }}",
        ],
    )
    docformat.add_text(
        doc,
        "Thực hiện nhiệm vụ được giao tại Kế hoạch thực hiện Chương trình mục tiêu quốc gia xây "
        "dựng nông thôn mới năm {{ ky.nam }} của Ủy ban nhân dân tỉnh, {{ so.ten }} báo cáo kết "
        "quả thực hiện tiêu chí số {{ so.tieu_chi }} thuộc {{ bo_tieu_chi.ten }} trên địa bàn "
        "{{ pham_vi.ten_thuong }} {{ ky.ten }} như sau:",
    )
    docformat.add_text(doc, sections.DATA_NOTE, italic=True)
    _criteria(doc)
    docformat.add_heading(doc, "II. KẾT QUẢ THEO HUYỆN, THÀNH PHỐ")
    add_table(doc, DISTRICTS)
    _shortfalls_and_tasks(doc)
    sections.add_signature(doc, RECIPIENTS)
    docformat.add_annex_section(doc, landscape=False)
    docformat.add_annex_title(
        doc,
        "Phụ lục",
        "DANH SÁCH XÃ CHƯA ĐẠT CÁC TIÊU CHÍ DO {{ so.ten|upper }} PHỤ TRÁCH",
        sections.ANNEX_NOTE,
    )
    add_table(doc, COMMUNES_SHORT)


def _criteria(doc: DocxDocument) -> None:
    """Part I: each criterion, its indicators and the plan's targets tied to it."""
    docformat.add_heading(doc, "I. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ")
    docformat.add_tag(doc, "{%p for tc in tieu_chi %}")
    docformat.add_heading(doc, "{{ loop.index }}. Tiêu chí số {{ tc.ma }} - {{ tc.ten }}", level=2)
    docformat.add_text(
        doc,
        "Có {{ tc.dat }} xã đạt tiêu chí ({{ tc.ty_le }}){% if ky.co_ky_goc %}, "
        "{{ tc.so_voi_ky_goc }} so với {{ ky.ky_goc }}{% endif %}{% if co_ke_hoach %}; kế hoạch "
        "năm {{ ky.nam }}: {{ tc.ke_hoach }} xã ({{ tc.danh_gia }}){% endif %}. Kết quả từng "
        "chỉ tiêu:",
    )
    add_table(doc, INDICATORS)
    docformat.add_tag(doc, "{%p if tc.vat_chat %}")
    docformat.add_text(doc, "Các chỉ tiêu cụ thể của kế hoạch năm {{ ky.nam }} gắn với tiêu chí:")
    sections.add_repeated(
        doc,
        "v in tc.vat_chat",
        "- {{ v.ten }}: kế hoạch {{ v.ke_hoach }}; thực hiện: {{ v.thuc_hien }} "
        "({{ v.danh_gia|lower }}).",
    )
    docformat.add_tag(doc, "{%p endif %}")
    docformat.add_tag(doc, "{%p endfor %}")
    docformat.add_image_slot(doc, "{{ bieu_do.tieu_chi }}")


def _shortfalls_and_tasks(doc: DocxDocument) -> None:
    """Parts III and IV and the closing sentence."""
    docformat.add_heading(doc, "III. TỒN TẠI, HẠN CHẾ")
    docformat.add_text(
        doc,
        "Còn {{ so_xa_chua_dat }} xã có số liệu đã phê duyệt nhưng chưa đạt ít nhất một trong "
        "các tiêu chí do {{ so.ten }} phụ trách (danh sách và các chỉ tiêu chưa đạt tại Phụ lục)"
        "{% if tq.chua_co_so_lieu != '0' %}; {{ tq.chua_co_so_lieu }} xã chưa có số liệu đã phê "
        "duyệt{% endif %}.",
    )
    docformat.add_heading(doc, "IV. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI")
    docformat.add_text(
        doc,
        "- Tiếp tục hướng dẫn, kiểm tra các xã thực hiện các tiêu chí do {{ so.ten }} phụ trách, "
        "tập trung vào các xã chưa đạt và các xã phấn đấu đạt chuẩn trong năm {{ ky.nam }}.",
    )
    docformat.add_text(
        doc,
        "- Phối hợp với Văn phòng Điều phối nông thôn mới tỉnh và Ủy ban nhân dân các huyện, "
        "thành phố rà soát, thẩm định kết quả thực hiện các tiêu chí.",
    )
    docformat.add_text(
        doc,
        "{{ so.ten }} báo cáo Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh (qua Văn phòng "
        "Điều phối nông thôn mới tỉnh) để tổng hợp./.",
    )
