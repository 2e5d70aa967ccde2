"""bao-cao-tien-do.docx: the coordination office's report on the programme's
progress in the province, with three annexes (districts, recognised
communes short of the criteria, every commune)."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from ntm.reports import docformat
from ntm.reports.docformat import Column
from ntm.reports.templates_build import sections
from ntm.reports.templates_build.tables import (
    PLAN_AGAINST_RESULT,
    TableSpec,
    add_table,
    aim_of_the_year,
    commune_count,
    commune_row,
    criteria_missed,
    district_of_commune,
    district_row,
    per_item,
    row_number,
)

PHYSICAL_TARGETS = TableSpec(
    columns=(row_number(10), Column("Chỉ tiêu", 62, "{{ r.ten }}", "left"), *PLAN_AGAINST_RESULT),
    rows_loop="r in ke_hoach.vat_chat",
)

FUNDING = TableSpec(
    columns=(
        row_number(10),
        Column("Nguồn vốn", 70, "{{ r.ten }}", "left"),
        Column("Kế hoạch (tỷ đồng)", 28, "{{ r.ke_hoach }}", "right"),
        Column("Tỷ lệ", 20, "{{ r.ty_le }}"),
        Column("Thực hiện (tỷ đồng)", 37, "{{ r.thuc_hien }}", "right"),
    ),
    rows_loop="r in ke_hoach.nguon_von",
)

DISTRICT_SUMMARY = TableSpec(
    caption="1. Bình quân tiêu chí, số xã đạt chuẩn và số xã theo nhóm",
    columns=(
        row_number(9),
        district_row(36),
        commune_count(12),
        Column("Số xã có số liệu", 15, "{{ r.co_so_lieu }}", total="{{ tong.co_so_lieu }}"),
        Column("Bình quân tiêu chí/xã", 16, "{{ r.bq }}", total="{{ tong.bq }}"),
        Column("Đạt đủ tiêu chí", 15, "{{ r.dat_du }}", total="{{ tong.dat_du }}"),
        per_item(
            "{{ c }}",
            17,
            headers_loop="c in cot.muc",
            cells_loop="v in r.muc",
            totals_loop="v in tong.muc",
        ),
        per_item(
            "{{ c }}",
            15,
            headers_loop="c in cot.nhom",
            cells_loop="v in r.nhom",
            totals_loop="v in tong.nhom",
        ),
        Column("Số xã biên giới", 13, "{{ r.bien_gioi }}", total="{{ tong.bien_gioi }}"),
        Column(
            "Bình quân tiêu chí xã biên giới",
            16,
            "{{ r.bien_gioi_bq }}",
            total="{{ tong.bien_gioi_bq }}",
        ),
    ),
    rows_loop="r in huyen",
    with_total=True,
    size=docformat.ANNEX_TABLE_PT,
)

DISTRICT_CRITERIA = TableSpec(
    caption="2. Số xã đạt từng tiêu chí",
    columns=(
        row_number(9),
        district_row(36),
        commune_count(12),
        per_item(
            "TC {{ c }}",
            10,
            headers_loop="c in cot.tc",
            cells_loop="v in r.tc",
            totals_loop="v in tong.tc",
        ),
    ),
    rows_loop="r in huyen",
    with_total=True,
    size=docformat.ANNEX_TABLE_PT,
)

RECOGNISED_SHORT = TableSpec(
    columns=(
        row_number(12),
        commune_row(55),
        district_of_commune(55),
        Column("Số tiêu chí đạt", 30, "{{ r.so_tieu_chi }}"),
        criteria_missed(100),
    ),
    rows_loop="r in cong_nhan_chua_dat",
    size=docformat.ANNEX_TABLE_PT,
)

COMMUNES = TableSpec(
    columns=(
        row_number(10),
        commune_row(33),
        district_of_commune(30),
        Column("Số tiêu chí đạt {{ ky.ky_goc }}", 19, "{{ r.so_tieu_chi_ky_goc }}"),
        Column("Số tiêu chí đạt {{ ky.ten }}", 19, "{{ r.so_tieu_chi }}"),
        Column("Nhóm", 27, "{{ r.nhom }}", "left"),
        Column("Mức đạt", 32, "{{ r.muc_dat }}", "left"),
        Column("Đã công nhận NTM", 15, "{{ r.cong_nhan }}"),
        aim_of_the_year(27),
        criteria_missed(40),
    ),
    rows_loop="r in xa",
    size=docformat.ANNEX_TABLE_PT,
)

RECIPIENTS = [
    "- Ban Chỉ đạo các CTMTQG tỉnh (b/c);",
    "- UBND tỉnh (b/c);",
    "- Các sở, ban, ngành thành viên BCĐ;",
    "- UBND các huyện, thành phố;",
    "- Lưu: VT, VPĐP.",
]


def build(doc: DocxDocument) -> None:
    _opening(doc)
    _results(doc)
    _plan_targets_and_funding(doc)
    _assessment_and_tasks(doc)
    docformat.add_annex_section(doc)
    _annex_districts(doc)
    _annex_recognised_short(doc)
    _annex_communes(doc)


def _opening(doc: DocxDocument) -> None:
    sections.add_report_opening(
        doc,
        [
            "Kết quả thực hiện Chương trình mục tiêu quốc gia",
            "xây dựng nông thôn mới {{ ky.ten }}",
        ],
    )
    docformat.add_text(
        doc,
        "{% if co_ke_hoach %}Thực hiện {{ ke_hoach.can_cu }}{% else %}Thực hiện Chương trình "
        "mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021-2025{% endif %}, Văn phòng "
        "Điều phối nông thôn mới tỉnh báo cáo kết quả thực hiện Chương trình trên địa bàn "
        "{{ pham_vi.ten_thuong }} {{ ky.ten }} như sau:",
    )
    docformat.add_text(doc, sections.DATA_NOTE, italic=True)


def _results(doc: DocxDocument) -> None:
    """Part I, sections 1 to 6: the province's results."""
    docformat.add_heading(doc, "I. KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU")
    docformat.add_heading(doc, "1. Kết quả thực hiện các mục tiêu tổng quát", level=2)
    docformat.add_text(
        doc,
        "Toàn tỉnh có {{ tq.dat_du }} xã đạt đủ {{ tq.so_tieu_chi }} tiêu chí "
        "({{ tq.dat_du_ty_le }}){% if ky.co_ky_goc %}, {{ tq.dat_du_tang_giam }} so với "
        "{{ ky.ky_goc }}{% endif %}; bình quân đạt {{ tq.bq_tieu_chi }} tiêu chí/xã"
        "{% if ky.co_ky_goc %} ({{ ky.ky_goc }}: {{ tq.bq_tieu_chi_ky_goc }} tiêu chí/xã)"
        "{% endif %}{% if tq.bien_gioi_so_xa != '0' %}; {{ tq.bien_gioi_so_xa }} xã biên giới đạt "
        "bình quân {{ tq.bien_gioi_bq }} tiêu chí/xã{% endif %}.",
    )
    sections.add_area_results(
        doc, "Kết quả thực hiện các mục tiêu tổng quát của Kế hoạch năm {{ ky.nam }}"
    )
    docformat.add_heading(doc, "5. Xã đã được công nhận đạt chuẩn nông thôn mới", level=2)
    docformat.add_text(
        doc,
        "Toàn tỉnh có {{ tq.cong_nhan }} xã đang giữ quyết định công nhận đạt chuẩn nông thôn "
        "mới; trong đó {{ tq.cong_nhan_dat_du }} xã đạt đủ {{ tq.so_tieu_chi }} tiêu chí theo "
        "{{ bo_tieu_chi.ten }}, {{ tq.cong_nhan_chua_dat_du }} xã chưa đạt đủ (chi tiết tại "
        "Phụ lục II){% if tq.cong_nhan_chua_co_so_lieu != '0' %}, "
        "{{ tq.cong_nhan_chua_co_so_lieu }} xã chưa có số liệu đã phê duyệt{% endif %}; "
        "{{ tq.dat_du_chua_cong_nhan }} xã đạt đủ tiêu chí nhưng chưa được công nhận.",
    )
    docformat.add_heading(doc, "6. Kết quả theo huyện, thành phố", level=2)
    docformat.add_text(
        doc,
        "Kết quả của từng huyện, thành phố tại Phụ lục I; kết quả của từng xã tại Phụ lục III."
        "{% if tq.chua_co_so_lieu != '0' %} Các xã chưa có số liệu đã phê duyệt "
        "({{ so_chua_co_so_lieu }}): {{ chua_co_so_lieu }}.{% endif %}",
    )
    docformat.add_image_slot(doc, "{{ bieu_do.huyen }}")


def _plan_targets_and_funding(doc: DocxDocument) -> None:
    """Part I, sections 7 and 8, printed only when there is a yearly plan."""
    docformat.add_tag(doc, "{%p if co_ke_hoach %}")
    docformat.add_heading(doc, "7. Các chỉ tiêu cụ thể khác", level=2)
    add_table(doc, PHYSICAL_TARGETS)
    docformat.add_heading(doc, "8. Nguồn vốn thực hiện", level=2)
    docformat.add_text(doc, "{{ ke_hoach.nguon_von_tom_tat }}")
    add_table(doc, FUNDING)
    docformat.add_tag(doc, "{%p endif %}")


def _assessment_and_tasks(doc: DocxDocument) -> None:
    """Parts II and III, the closing sentence and the signature."""
    docformat.add_heading(doc, "II. ĐÁNH GIÁ CHUNG")
    docformat.add_heading(doc, "1. Kết quả đạt được", level=2)
    sections.add_repeated(doc, "s in danh_gia.noi_bat", "- {{ s }}")
    docformat.add_heading(doc, "2. Tồn tại, hạn chế", level=2)
    sections.add_repeated(doc, "s in danh_gia.han_che", "- {{ s }}")
    docformat.add_heading(doc, "III. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI")
    sections.add_repeated(doc, "s in danh_gia.nhiem_vu", "- {{ s }}")
    docformat.add_text(
        doc,
        "- Đôn đốc các xã cập nhật số liệu, minh chứng hằng tháng trên Hệ thống; các huyện, "
        "thành phố thẩm định kịp thời để tổng hợp báo cáo đúng thời hạn.",
    )
    docformat.add_text(
        doc,
        "Văn phòng Điều phối nông thôn mới tỉnh báo cáo Ban Chỉ đạo các Chương trình mục tiêu "
        "quốc gia tỉnh, Ủy ban nhân dân tỉnh./.",
    )
    sections.add_signature(doc, RECIPIENTS)


def _annex_districts(doc: DocxDocument) -> None:
    docformat.add_annex_title(
        doc, "Phụ lục I", "KẾT QUẢ THỰC HIỆN THEO HUYỆN, THÀNH PHỐ", sections.ANNEX_NOTE
    )
    add_table(doc, DISTRICT_SUMMARY)
    add_table(doc, DISTRICT_CRITERIA)


def _annex_recognised_short(doc: DocxDocument) -> None:
    docformat.add_page_break(doc)
    docformat.add_annex_title(
        doc,
        "Phụ lục II",
        "XÃ ĐÃ ĐƯỢC CÔNG NHẬN ĐẠT CHUẨN NÔNG THÔN MỚI NHƯNG CHƯA ĐẠT ĐỦ TIÊU CHÍ",
        sections.ANNEX_NOTE,
    )
    sections.add_conditional(
        doc,
        "cong_nhan_chua_dat",
        RECOGNISED_SHORT,
        "Không có xã nào đã được công nhận mà chưa đạt đủ tiêu chí.",
    )


def _annex_communes(doc: DocxDocument) -> None:
    docformat.add_page_break(doc)
    docformat.add_annex_title(
        doc, "Phụ lục III", "KẾT QUẢ THỰC HIỆN TIÊU CHÍ CỦA TỪNG XÃ", sections.ANNEX_NOTE
    )
    add_table(doc, COMMUNES)
    docformat.add_note(
        doc, 'Ghi chú: số liệu đã được tỉnh phê duyệt; "—": chưa có số liệu đã phê duyệt.'
    )
