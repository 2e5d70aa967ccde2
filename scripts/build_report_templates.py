#!/usr/bin/env python3
"""Build the Word templates of the documents (``ntm/reports/doc_templates/``).

The templates are docxtpl files: ordinary .docx documents with ``{{ ... }}``
variables and ``{%p ... %}`` / ``{%tr ... %}`` / ``{%tc ... %}`` tags that an
office can open and edit in Word or LibreOffice without code (change the
wording, the recipients, the signer...). This script makes them reproducibly
from the layout blocks of ``ntm/reports/docformat.py`` (Nghị định
30/2020/NĐ-CP); the generated files are committed. Run it from the repository
root after changing the layout or a template here:

    .venv/bin/python scripts/build_report_templates.py           # (re)write
    .venv/bin/python scripts/build_report_templates.py --check   # compare only

Every variable is listed in docs/huong-dan/bao-cao.md. An office that edited
a template by hand should keep its copy: running this script overwrites it.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docx.document import Document as DocxDocument  # noqa: E402

from ntm.reports import docformat as f  # noqa: E402
from ntm.reports.docformat import Column as C  # noqa: E402

OUT = ROOT / "ntm" / "reports" / "doc_templates"
FIXED_ZIP_TIME = (2023, 1, 1, 0, 0, 0)

HEAD = f.Letterhead(
    parent_body="{{ vb.chu_quan }}",
    parent_body_if="vb.chu_quan",
    issuer="{{ d }}",
    issuer_loop="d in vb.co_quan",
    number="Số: {{ vb.so_ky_hieu }}",
    place_date="{{ vb.dia_danh_ngay }}",
)

DATA_NOTE = (
    "Số liệu trong văn bản là số liệu đã được tỉnh phê duyệt trên Hệ thống quản lý Chương "
    "trình MTQG xây dựng nông thôn mới, tính đến ngày {{ ky.den_ngay }}{% if ky.so_lieu_khac_ky %} "
    "(số liệu {{ ky.ky_so_lieu }}){% endif %}; có {{ tq.co_so_lieu }} "
    "xã có số liệu đã phê duyệt ({{ tq.ty_le_co_so_lieu }}). Mức đạt được đánh giá theo "
    "{{ bo_tieu_chi.ten }}."
)
ANNEX_NOTE = "(Kèm theo Báo cáo số {{ vb.so_ky_hieu }} ngày {{ vb.ngay }})"


def _sign(doc: DocxDocument, recipients: list[str]) -> None:
    f.add_recipients_and_signature(
        doc,
        recipients,
        authority_loop="d in vb.tham_quyen",
        authority="{{ d }}",
        name="{{ vb.nguoi_ky }}",
    )


def _bullets(doc: DocxDocument, loop: str, text: str) -> None:
    f.add_tag(doc, f"{{%p for {loop} %}}")
    f.add_text(doc, text)
    f.add_tag(doc, "{%p endfor %}")


def _levels_table(doc: DocxDocument) -> None:
    f.add_caption(doc, "Số xã đạt đủ tiêu chí và đạt chuẩn các mức")
    f.add_table(
        doc,
        [
            C("Nội dung", 62, "{{ r.ten }}", "left"),
            C("{{ ky.ky_goc_hoa }}", 26, "{{ r.ky_goc }}"),
            C("{{ ky.ten_hoa }}", 26, "{{ r.so_xa }}"),
            C("Tỷ lệ", 21, "{{ r.ty_le }}"),
            C("Tăng, giảm", 30, "{{ r.tang_giam }}"),
        ],
        "r in muc_dat",
    )


def _bands_table(doc: DocxDocument) -> None:
    f.add_caption(doc, "Số xã theo số tiêu chí đạt")
    f.add_table(
        doc,
        [
            C("Nhóm xã", 62, "{{ r.ten }}", "left"),
            C("{{ ky.ky_goc_hoa }} (xã)", 28, "{{ r.ky_goc }}"),
            C("{{ ky.ten_hoa }} (xã)", 28, "{{ r.so_xa }}"),
            C("Tỷ lệ", 24, "{{ r.ty_le }}"),
            C("Tăng, giảm", 23, "{{ r.tang_giam }}"),
        ],
        "r in nhom",
    )
    f.add_image_slot(doc, "{{ bieu_do.nhom }}")


def _criteria_table(doc: DocxDocument, *, plan: bool) -> None:
    f.add_caption(doc, "Số xã đạt từng tiêu chí")
    columns = [
        C("TC", 10, "{{ r.ma }}"),
        C("Tên tiêu chí", 53 if plan else 73, "{{ r.ten }}", "left"),
        C("{{ ky.ky_goc_hoa }}", 22, "{{ r.ky_goc }}"),
    ]
    if plan:
        columns.append(C("Kế hoạch năm {{ ky.nam }}", 22, "{{ r.ke_hoach }}"))
    columns += [
        C("{{ ky.ten_hoa }}", 22, "{{ r.dat }}"),
        C("Tỷ lệ", 18, "{{ r.ty_le }}"),
    ]
    columns.append(
        C("So với kế hoạch", 18, "{{ r.danh_gia }}")
        if plan
        else C("Tăng, giảm", 20, "{{ r.tang_giam }}")
    )
    f.add_table(doc, columns, "r in tieu_chi")
    f.add_image_slot(doc, "{{ bieu_do.tieu_chi }}")


def _newly_reached(doc: DocxDocument) -> None:
    f.add_tag(doc, "{%p if ky.co_ky_goc %}")
    _bullets(
        doc,
        "m in xa_moi_dat",
        "- {{ m.muc }}: {{ m.so_moi }} xã mới đạt so với {{ ky.ky_goc }}"
        "{% if m.so_moi != '0' %} ({{ m.moi }}){% endif %}"
        "{% if m.co_mat %}; {{ m.so_mat }} xã không còn đạt ({{ m.mat }}){% endif %}.",
    )
    f.add_tag(doc, "{%p else %}")
    f.add_text(doc, "Chưa có số liệu đã phê duyệt của kỳ gốc (cuối năm trước) để so sánh.")
    f.add_tag(doc, "{%p endif %}")


# -- the coordination office's progress report --------------------------------------------


def _area_results(doc: DocxDocument, goals_caption: str) -> None:
    """The results an area report shares, after its opening sentence: the
    plan's goals (when there is a plan), levels, groups, each criterion and
    the communes newly reaching a level (sections 1 to 4)."""
    f.add_tag(doc, "{%p if co_ke_hoach %}")
    f.add_caption(doc, goals_caption)
    f.add_table(
        doc,
        [
            C("STT", 10, "{{ r.stt }}"),
            C("Mục tiêu", 62, "{{ r.ten }}", "left"),
            C("Kế hoạch", 28, "{{ r.ke_hoach }}"),
            C("Thực hiện", 28, "{{ r.thuc_hien }}"),
            C("Đánh giá", 37, "{{ r.danh_gia }}"),
        ],
        "r in ke_hoach.muc_tieu",
    )
    f.add_tag(doc, "{%p endif %}")
    _levels_table(doc)
    f.add_heading(doc, "2. Kết quả theo nhóm xã", level=2)
    _bands_table(doc)
    f.add_heading(doc, "3. Kết quả thực hiện từng tiêu chí", level=2)
    f.add_tag(doc, "{%p if co_ke_hoach %}")
    _criteria_table(doc, plan=True)
    f.add_tag(doc, "{%p else %}")
    _criteria_table(doc, plan=False)
    f.add_tag(doc, "{%p endif %}")
    f.add_heading(doc, "4. Xã đạt chuẩn các mức trong kỳ", level=2)
    _newly_reached(doc)


def progress(doc: DocxDocument) -> None:
    f.add_letterhead(doc, HEAD)
    f.add_title(
        doc,
        "BÁO CÁO",
        [
            "Kết quả thực hiện Chương trình mục tiêu quốc gia",
            "xây dựng nông thôn mới {{ ky.ten }}",
        ],
    )
    f.add_text(
        doc,
        "{% if co_ke_hoach %}Thực hiện {{ ke_hoach.can_cu }}{% else %}Thực hiện Chương trình "
        "mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021-2025{% endif %}, Văn phòng "
        "Điều phối nông thôn mới tỉnh báo cáo kết quả thực hiện Chương trình trên địa bàn "
        "{{ pham_vi.ten_thuong }} {{ ky.ten }} như sau:",
    )
    f.add_text(doc, DATA_NOTE, italic=True)

    f.add_heading(doc, "I. KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU")
    f.add_heading(doc, "1. Kết quả thực hiện các mục tiêu tổng quát", level=2)
    f.add_text(
        doc,
        "Toàn tỉnh có {{ tq.dat_du }} xã đạt đủ {{ tq.so_tieu_chi }} tiêu chí "
        "({{ tq.dat_du_ty_le }}){% if ky.co_ky_goc %}, {{ tq.dat_du_tang_giam }} so với "
        "{{ ky.ky_goc }}{% endif %}; bình quân đạt {{ tq.bq_tieu_chi }} tiêu chí/xã"
        "{% if ky.co_ky_goc %} ({{ ky.ky_goc }}: {{ tq.bq_tieu_chi_ky_goc }} tiêu chí/xã)"
        "{% endif %}{% if tq.bien_gioi_so_xa != '0' %}; {{ tq.bien_gioi_so_xa }} xã biên giới đạt "
        "bình quân {{ tq.bien_gioi_bq }} tiêu chí/xã{% endif %}.",
    )
    _area_results(doc, "Kết quả thực hiện các mục tiêu tổng quát của Kế hoạch năm {{ ky.nam }}")

    f.add_heading(doc, "5. Xã đã được công nhận đạt chuẩn nông thôn mới", level=2)
    f.add_text(
        doc,
        "Toàn tỉnh có {{ tq.cong_nhan }} xã đang giữ quyết định công nhận đạt chuẩn nông thôn "
        "mới; trong đó {{ tq.cong_nhan_dat_du }} xã đạt đủ {{ tq.so_tieu_chi }} tiêu chí theo "
        "{{ bo_tieu_chi.ten }}, {{ tq.cong_nhan_chua_dat_du }} xã chưa đạt đủ (chi tiết tại "
        "Phụ lục II){% if tq.cong_nhan_chua_co_so_lieu != '0' %}, "
        "{{ tq.cong_nhan_chua_co_so_lieu }} xã chưa có số liệu đã phê duyệt{% endif %}; "
        "{{ tq.dat_du_chua_cong_nhan }} xã đạt đủ tiêu chí nhưng chưa được công nhận.",
    )
    f.add_heading(doc, "6. Kết quả theo huyện, thành phố", level=2)
    f.add_text(
        doc,
        "Kết quả của từng huyện, thành phố tại Phụ lục I; kết quả của từng xã tại Phụ lục III."
        "{% if tq.chua_co_so_lieu != '0' %} Các xã chưa có số liệu đã phê duyệt "
        "({{ so_chua_co_so_lieu }}): {{ chua_co_so_lieu }}.{% endif %}",
    )
    f.add_image_slot(doc, "{{ bieu_do.huyen }}")

    f.add_tag(doc, "{%p if co_ke_hoach %}")
    f.add_heading(doc, "7. Các chỉ tiêu cụ thể khác", level=2)
    f.add_table(
        doc,
        [
            C("STT", 10, "{{ r.stt }}"),
            C("Chỉ tiêu", 62, "{{ r.ten }}", "left"),
            C("Kế hoạch", 28, "{{ r.ke_hoach }}"),
            C("Thực hiện", 28, "{{ r.thuc_hien }}"),
            C("Đánh giá", 37, "{{ r.danh_gia }}"),
        ],
        "r in ke_hoach.vat_chat",
    )
    f.add_heading(doc, "8. Nguồn vốn thực hiện", level=2)
    f.add_text(doc, "{{ ke_hoach.nguon_von_tom_tat }}")
    f.add_table(
        doc,
        [
            C("STT", 10, "{{ r.stt }}"),
            C("Nguồn vốn", 70, "{{ r.ten }}", "left"),
            C("Kế hoạch (tỷ đồng)", 28, "{{ r.ke_hoach }}", "right"),
            C("Tỷ lệ", 20, "{{ r.ty_le }}"),
            C("Thực hiện (tỷ đồng)", 37, "{{ r.thuc_hien }}", "right"),
        ],
        "r in ke_hoach.nguon_von",
        with_total=False,
    )
    f.add_tag(doc, "{%p endif %}")

    f.add_heading(doc, "II. ĐÁNH GIÁ CHUNG")
    f.add_heading(doc, "1. Kết quả đạt được", level=2)
    _bullets(doc, "s in danh_gia.noi_bat", "- {{ s }}")
    f.add_heading(doc, "2. Tồn tại, hạn chế", level=2)
    _bullets(doc, "s in danh_gia.han_che", "- {{ s }}")
    f.add_heading(doc, "III. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI")
    _bullets(doc, "s in danh_gia.nhiem_vu", "- {{ s }}")
    f.add_text(
        doc,
        "- Đôn đốc các xã cập nhật số liệu, minh chứng hằng tháng trên Hệ thống; các huyện, "
        "thành phố thẩm định kịp thời để tổng hợp báo cáo đúng thời hạn.",
    )
    f.add_text(
        doc,
        "Văn phòng Điều phối nông thôn mới tỉnh báo cáo Ban Chỉ đạo các Chương trình mục tiêu "
        "quốc gia tỉnh, Ủy ban nhân dân tỉnh./.",
    )
    _sign(
        doc,
        [
            "- Ban Chỉ đạo các CTMTQG tỉnh (b/c);",
            "- UBND tỉnh (b/c);",
            "- Các sở, ban, ngành thành viên BCĐ;",
            "- UBND các huyện, thành phố;",
            "- Lưu: VT, VPĐP.",
        ],
    )

    f.add_annex_section(doc)
    f.add_annex_title(doc, "Phụ lục I", "KẾT QUẢ THỰC HIỆN THEO HUYỆN, THÀNH PHỐ", ANNEX_NOTE)
    f.add_caption(doc, "1. Bình quân tiêu chí, số xã đạt chuẩn và số xã theo nhóm")
    f.add_table(
        doc,
        [
            C("STT", 9, "{{ r.stt }}", total=""),
            C("Huyện, thành phố", 36, "{{ r.ten }}", "left", total="Toàn tỉnh"),
            C("Số xã", 12, "{{ r.so_xa }}", total="{{ tong.so_xa }}"),
            C("Số xã có số liệu", 15, "{{ r.co_so_lieu }}", total="{{ tong.co_so_lieu }}"),
            C("Bình quân tiêu chí/xã", 16, "{{ r.bq }}", total="{{ tong.bq }}"),
            C("Đạt đủ tiêu chí", 15, "{{ r.dat_du }}", total="{{ tong.dat_du }}"),
            C(
                "{{ c }}",
                17,
                "{{ v }}",
                total="{{ v }}",
                header_loop="c in cot.muc",
                cell_loop="v in r.muc",
                total_loop="v in tong.muc",
            ),
            C(
                "{{ c }}",
                15,
                "{{ v }}",
                total="{{ v }}",
                header_loop="c in cot.nhom",
                cell_loop="v in r.nhom",
                total_loop="v in tong.nhom",
            ),
            C("Số xã biên giới", 13, "{{ r.bien_gioi }}", total="{{ tong.bien_gioi }}"),
            C(
                "Bình quân tiêu chí xã biên giới",
                16,
                "{{ r.bien_gioi_bq }}",
                total="{{ tong.bien_gioi_bq }}",
            ),
        ],
        "r in huyen",
        with_total=True,
        size=f.ANNEX_TABLE_PT,
    )
    f.add_caption(doc, "2. Số xã đạt từng tiêu chí")
    f.add_table(
        doc,
        [
            C("STT", 9, "{{ r.stt }}", total=""),
            C("Huyện, thành phố", 36, "{{ r.ten }}", "left", total="Toàn tỉnh"),
            C("Số xã", 12, "{{ r.so_xa }}", total="{{ tong.so_xa }}"),
            C(
                "TC {{ c }}",
                10,
                "{{ v }}",
                total="{{ v }}",
                header_loop="c in cot.tc",
                cell_loop="v in r.tc",
                total_loop="v in tong.tc",
            ),
        ],
        "r in huyen",
        with_total=True,
        size=f.ANNEX_TABLE_PT,
    )
    f.add_page_break(doc)
    f.add_annex_title(
        doc,
        "Phụ lục II",
        "XÃ ĐÃ ĐƯỢC CÔNG NHẬN ĐẠT CHUẨN NÔNG THÔN MỚI NHƯNG CHƯA ĐẠT ĐỦ TIÊU CHÍ",
        ANNEX_NOTE,
    )
    f.add_tag(doc, "{%p if cong_nhan_chua_dat %}")
    f.add_table(
        doc,
        [
            C("STT", 12, "{{ r.stt }}"),
            C("Xã", 55, "{{ r.ten }}", "left"),
            C("Huyện, thành phố", 55, "{{ r.huyen }}", "left"),
            C("Số tiêu chí đạt", 30, "{{ r.so_tieu_chi }}"),
            C("Tiêu chí chưa đạt", 100, "{{ r.chua_dat }}", "left"),
        ],
        "r in cong_nhan_chua_dat",
        size=f.ANNEX_TABLE_PT,
    )
    f.add_tag(doc, "{%p else %}")
    f.add_text(doc, "Không có xã nào đã được công nhận mà chưa đạt đủ tiêu chí.")
    f.add_tag(doc, "{%p endif %}")
    f.add_page_break(doc)
    f.add_annex_title(doc, "Phụ lục III", "KẾT QUẢ THỰC HIỆN TIÊU CHÍ CỦA TỪNG XÃ", ANNEX_NOTE)
    f.add_table(
        doc,
        [
            C("STT", 10, "{{ r.stt }}"),
            C("Xã", 33, "{{ r.ten }}", "left"),
            C("Huyện, thành phố", 30, "{{ r.huyen }}", "left"),
            C("Số tiêu chí đạt {{ ky.ky_goc }}", 19, "{{ r.so_tieu_chi_ky_goc }}"),
            C("Số tiêu chí đạt {{ ky.ten }}", 19, "{{ r.so_tieu_chi }}"),
            C("Nhóm", 27, "{{ r.nhom }}", "left"),
            C("Mức đạt", 32, "{{ r.muc_dat }}", "left"),
            C("Đã công nhận NTM", 15, "{{ r.cong_nhan }}"),
            C("Phấn đấu năm {{ ky.nam }}", 27, "{{ r.phan_dau }}", "left"),
            C("Tiêu chí chưa đạt", 40, "{{ r.chua_dat }}", "left"),
        ],
        "r in xa",
        size=f.ANNEX_TABLE_PT,
    )
    f.add_note(doc, 'Ghi chú: số liệu đã được tỉnh phê duyệt; "—": chưa có số liệu đã phê duyệt.')


# -- a department's report ---------------------------------------------------------------------


def department(doc: DocxDocument) -> None:
    f.add_letterhead(doc, HEAD)
    f.add_title(
        doc,
        "BÁO CÁO",
        [
            "Kết quả thực hiện các tiêu chí xây dựng nông thôn mới",
            "do {{ so.ten }} phụ trách, {{ ky.ten }}",
        ],
    )
    f.add_text(
        doc,
        "Thực hiện nhiệm vụ được giao tại Kế hoạch thực hiện Chương trình mục tiêu quốc gia xây "
        "dựng nông thôn mới năm {{ ky.nam }} của Ủy ban nhân dân tỉnh, {{ so.ten }} báo cáo kết "
        "quả thực hiện tiêu chí số {{ so.tieu_chi }} thuộc {{ bo_tieu_chi.ten }} trên địa bàn "
        "{{ pham_vi.ten_thuong }} {{ ky.ten }} như sau:",
    )
    f.add_text(doc, DATA_NOTE, italic=True)
    f.add_heading(doc, "I. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ")
    f.add_tag(doc, "{%p for tc in tieu_chi %}")
    f.add_heading(doc, "{{ loop.index }}. Tiêu chí số {{ tc.ma }} - {{ tc.ten }}", level=2)
    f.add_text(
        doc,
        "Có {{ tc.dat }} xã đạt tiêu chí ({{ tc.ty_le }}){% if ky.co_ky_goc %}, "
        "{{ tc.so_voi_ky_goc }} so với {{ ky.ky_goc }}{% endif %}{% if co_ke_hoach %}; kế hoạch "
        "năm {{ ky.nam }}: {{ tc.ke_hoach }} xã ({{ tc.danh_gia }}){% endif %}. Kết quả từng "
        "chỉ tiêu:",
    )
    f.add_table(
        doc,
        [
            C("Chỉ tiêu", 15, "{{ ct.ma }}"),
            C("Nội dung", 52, "{{ ct.ten }}", "left"),
            C("Ngưỡng", 22, "{{ ct.nguong }}"),
            C("Số xã đạt", 17, "{{ ct.dat }}"),
            C("Số xã không đạt", 19, "{{ ct.khong_dat }}"),
            C("Thiếu số liệu, ngưỡng", 20, "{{ ct.thieu }}"),
            C("Tỷ lệ đạt", 20, "{{ ct.ty_le }}"),
        ],
        "ct in tc.chi_tieu",
    )
    f.add_tag(doc, "{%p if tc.vat_chat %}")
    f.add_text(doc, "Các chỉ tiêu cụ thể của kế hoạch năm {{ ky.nam }} gắn với tiêu chí:")
    _bullets(
        doc,
        "v in tc.vat_chat",
        "- {{ v.ten }}: kế hoạch {{ v.ke_hoach }}; thực hiện: {{ v.thuc_hien }} "
        "({{ v.danh_gia|lower }}).",
    )
    f.add_tag(doc, "{%p endif %}")
    f.add_tag(doc, "{%p endfor %}")
    f.add_image_slot(doc, "{{ bieu_do.tieu_chi }}")
    f.add_heading(doc, "II. KẾT QUẢ THEO HUYỆN, THÀNH PHỐ")
    f.add_caption(doc, "Số xã đạt các tiêu chí do {{ so.ten }} phụ trách")
    f.add_table(
        doc,
        [
            C("STT", 12, "{{ r.stt }}", total=""),
            C("Huyện, thành phố", 60, "{{ r.ten }}", "left", total="Toàn tỉnh"),
            C("Số xã", 20, "{{ r.so_xa }}", total="{{ tong.so_xa }}"),
            C(
                "Tiêu chí {{ c }}",
                24,
                "{{ v }}",
                total="{{ v }}",
                header_loop="c in cot.tc",
                cell_loop="v in r.tc",
                total_loop="v in tong.tc",
            ),
        ],
        "r in huyen",
        with_total=True,
    )
    f.add_heading(doc, "III. TỒN TẠI, HẠN CHẾ")
    f.add_text(
        doc,
        "Còn {{ so_xa_chua_dat }} xã có số liệu đã phê duyệt nhưng chưa đạt ít nhất một trong "
        "các tiêu chí do {{ so.ten }} phụ trách (danh sách và các chỉ tiêu chưa đạt tại Phụ lục)"
        "{% if tq.chua_co_so_lieu != '0' %}; {{ tq.chua_co_so_lieu }} xã chưa có số liệu đã phê "
        "duyệt{% endif %}.",
    )
    f.add_heading(doc, "IV. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI")
    f.add_text(
        doc,
        "- Tiếp tục hướng dẫn, kiểm tra các xã thực hiện các tiêu chí do {{ so.ten }} phụ trách, "
        "tập trung vào các xã chưa đạt và các xã phấn đấu đạt chuẩn trong năm {{ ky.nam }}.",
    )
    f.add_text(
        doc,
        "- Phối hợp với Văn phòng Điều phối nông thôn mới tỉnh và Ủy ban nhân dân các huyện, "
        "thành phố rà soát, thẩm định kết quả thực hiện các tiêu chí.",
    )
    f.add_text(
        doc,
        "{{ so.ten }} báo cáo Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh (qua Văn phòng "
        "Điều phối nông thôn mới tỉnh) để tổng hợp./.",
    )
    _sign(
        doc,
        [
            "- Ban Chỉ đạo các CTMTQG tỉnh (b/c);",
            "- Văn phòng Điều phối NTM tỉnh;",
            "- Lưu: VT.",
        ],
    )
    f.add_annex_section(doc, landscape=False)
    f.add_annex_title(
        doc,
        "Phụ lục",
        "DANH SÁCH XÃ CHƯA ĐẠT CÁC TIÊU CHÍ DO {{ so.ten|upper }} PHỤ TRÁCH",
        ANNEX_NOTE,
    )
    f.add_table(
        doc,
        [
            C("STT", 11, "{{ r.stt }}"),
            C("Xã", 38, "{{ r.ten }}", "left"),
            C("Huyện, thành phố", 38, "{{ r.huyen }}", "left"),
            C("Tiêu chí chưa đạt", 28, "{{ r.tieu_chi }}"),
            C("Chỉ tiêu chưa đạt", 50, "{{ r.chi_tieu }}", "left"),
        ],
        "r in xa_chua_dat",
        size=f.ANNEX_TABLE_PT,
    )


# -- a district's report -----------------------------------------------------------------------


def district(doc: DocxDocument) -> None:
    f.add_letterhead(doc, HEAD)
    f.add_title(
        doc,
        "BÁO CÁO",
        [
            "Kết quả thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
            "trên địa bàn {{ don_vi.ten_thuong }} {{ ky.ten }}",
        ],
    )
    f.add_text(
        doc,
        "Ủy ban nhân dân {{ don_vi.ten_thuong }} báo cáo kết quả thực hiện Chương trình mục tiêu "
        "quốc gia xây dựng nông thôn mới trên địa bàn {{ ky.ten }} như sau:",
    )
    f.add_text(doc, DATA_NOTE, italic=True)
    f.add_heading(doc, "I. KẾT QUẢ THỰC HIỆN")
    f.add_heading(doc, "1. Kết quả chung", level=2)
    f.add_text(
        doc,
        "Trên địa bàn có {{ tq.so_xa }} xã thuộc Chương trình; {{ tq.dat_du }} xã đạt đủ "
        "{{ tq.so_tieu_chi }} tiêu chí ({{ tq.dat_du_ty_le }}){% if ky.co_ky_goc %}, "
        "{{ tq.dat_du_tang_giam }} so với {{ ky.ky_goc }}{% endif %}; bình quân đạt "
        "{{ tq.bq_tieu_chi }} tiêu chí/xã{% if ky.co_ky_goc %} ({{ ky.ky_goc }}: "
        "{{ tq.bq_tieu_chi_ky_goc }} tiêu chí/xã){% endif %}"
        "{% if tq.bien_gioi_so_xa != '0' %}; {{ tq.bien_gioi_so_xa }} xã biên giới đạt bình "
        "quân {{ tq.bien_gioi_bq }} tiêu chí/xã{% endif %}.",
    )
    _area_results(doc, "Kết quả thực hiện các mục tiêu của kế hoạch năm {{ ky.nam }}")
    f.add_heading(doc, "5. Kết quả của từng xã", level=2)
    f.add_table(
        doc,
        [
            C("STT", 10, "{{ r.stt }}"),
            C("Xã", 30, "{{ r.ten }}", "left"),
            C("Số tiêu chí đạt", 16, "{{ r.so_tieu_chi }}"),
            C("Nhóm", 26, "{{ r.nhom }}", "left"),
            C("Mức đạt", 28, "{{ r.muc_dat }}", "left"),
            C("Phấn đấu năm {{ ky.nam }}", 25, "{{ r.phan_dau }}", "left"),
            C("Tiêu chí chưa đạt", 30, "{{ r.chua_dat }}", "left"),
        ],
        "r in xa",
    )
    f.add_text(doc, "Kết quả đạt từng tiêu chí của các xã tại Phụ lục kèm theo.")
    f.add_heading(doc, "6. Xã đã được công nhận đạt chuẩn nông thôn mới", level=2)
    f.add_text(
        doc,
        "Trên địa bàn có {{ tq.cong_nhan }} xã đang giữ quyết định công nhận đạt chuẩn nông thôn "
        "mới; trong đó {{ tq.cong_nhan_dat_du }} xã đạt đủ {{ tq.so_tieu_chi }} tiêu chí theo "
        "{{ bo_tieu_chi.ten }}, {{ tq.cong_nhan_chua_dat_du }} xã chưa đạt đủ"
        "{% if cong_nhan_chua_dat %} ({% for c in cong_nhan_chua_dat %}{{ c.ten }}: chưa đạt "
        "tiêu chí {{ c.chua_dat }}{% if not loop.last %}; {% endif %}{% endfor %}){% endif %}.",
    )
    f.add_heading(doc, "II. TỒN TẠI, HẠN CHẾ VÀ NHIỆM VỤ THỜI GIAN TỚI")
    f.add_text(
        doc,
        "- Tập trung chỉ đạo các xã hoàn thiện các tiêu chí chưa đạt, ưu tiên các xã phấn đấu "
        "đạt chuẩn trong năm {{ ky.nam }} và các xã đã được công nhận nhưng chưa đạt đủ tiêu chí.",
    )
    f.add_text(
        doc,
        "- Đôn đốc các xã cập nhật số liệu, minh chứng trên Hệ thống; thẩm định kịp thời số "
        "liệu các xã gửi lên{% if tq.chua_co_so_lieu != '0' %} (còn {{ tq.chua_co_so_lieu }} xã "
        "chưa có số liệu đã phê duyệt){% endif %}.",
    )
    f.add_text(
        doc,
        "Ủy ban nhân dân {{ don_vi.ten_thuong }} báo cáo Ủy ban nhân dân tỉnh (qua Văn phòng "
        "Điều phối nông thôn mới tỉnh)./.",
    )
    _sign(
        doc,
        [
            "- UBND tỉnh (b/c);",
            "- Văn phòng Điều phối NTM tỉnh;",
            "- UBND các xã;",
            "- Lưu: VT.",
        ],
    )
    f.add_annex_section(doc)
    f.add_annex_title(doc, "Phụ lục", "KẾT QUẢ ĐẠT TỪNG TIÊU CHÍ CỦA CÁC XÃ", ANNEX_NOTE)
    f.add_table(
        doc,
        [
            C("STT", 9, "{{ r.stt }}"),
            C("Xã", 36, "{{ r.ten }}", "left"),
            C(
                "{{ c }}",
                10,
                "{{ v }}",
                header_loop="c in cot.tc",
                cell_loop="v in r.tc",
            ),
            C("Số tiêu chí đạt", 17, "{{ r.so_tieu_chi }}"),
        ],
        "r in xa",
        size=f.ANNEX_TABLE_PT,
    )
    f.add_note(doc, "Ghi chú: x: đạt; để trống: chưa đạt; –: chưa có số liệu đã phê duyệt.")


# -- a commune's report ------------------------------------------------------------------------


def commune(doc: DocxDocument) -> None:
    f.add_letterhead(doc, HEAD)
    f.add_title(
        doc,
        "BÁO CÁO",
        [
            "Kết quả thực hiện các tiêu chí xã nông thôn mới",
            "của {{ xa.ten_thuong }}, {{ ky.ten }}",
        ],
    )
    f.add_text(
        doc,
        "Căn cứ {{ bo_tieu_chi.ten }}; Ủy ban nhân dân {{ xa.ten_thuong }} báo cáo kết quả thực "
        "hiện các tiêu chí {{ ky.ten }} như sau:",
    )
    f.add_text(doc, "{{ trang_thai_so_lieu }}.", italic=True)
    f.add_heading(doc, "I. KẾT QUẢ CHUNG")
    f.add_text(doc, "- Số tiêu chí đạt: {{ kq.so_tieu_chi_dat }} tiêu chí (nhóm: {{ kq.nhom }}).")
    f.add_text(doc, "- Các tiêu chí chưa đạt: {{ kq.chua_dat }}.")
    f.add_text(doc, "- Mức đạt chuẩn: {{ kq.muc_dat }}.")
    _bullets(
        doc,
        "m in muc",
        "- {{ m.ten }}: {{ m.ket_qua|lower }}{% for y in m.chua_dat %}{% if loop.first %} "
        "({% endif %}{{ y }}{% if not loop.last %}; {% else %}){% endif %}{% endfor %}.",
    )
    f.add_heading(doc, "II. KẾT QUẢ THỰC HIỆN TỪNG TIÊU CHÍ")
    f.add_grouped_table(
        doc,
        [
            C("Chỉ tiêu", 14, "{{ ct.ma }}"),
            C("Nội dung", 44, "{{ ct.ten }}", "left"),
            C("Giá trị", 20, "{{ ct.gia_tri }}"),
            C("Ngưỡng", 20, "{{ ct.nguong }}"),
            C("Kết quả", 19, "{{ ct.ket_qua }}"),
            C("Lý do", 48, "{{ ct.ly_do }}", "left"),
        ],
        group_loop="tc in tieu_chi",
        group_text="Tiêu chí số {{ tc.ma }} - {{ tc.ten }}: {{ tc.ket_qua|lower }}",
        rows_loop="ct in tc.chi_tieu",
        size=11,
    )
    f.add_tag(doc, "{%p if dieu_kien %}")
    f.add_caption(doc, "Các điều kiện khác của mức đạt chuẩn")
    f.add_table(
        doc,
        [
            C("Nội dung", 58, "{{ ct.ten }}", "left"),
            C("Giá trị", 20, "{{ ct.gia_tri }}"),
            C("Ngưỡng", 20, "{{ ct.nguong }}"),
            C("Kết quả", 19, "{{ ct.ket_qua }}"),
            C("Lý do", 48, "{{ ct.ly_do }}", "left"),
        ],
        "ct in dieu_kien",
        size=11,
    )
    f.add_tag(doc, "{%p endif %}")
    f.add_heading(doc, "III. KẾT QUẢ QUA CÁC KỲ")
    f.add_table(
        doc,
        [
            C("Kỳ", 28, "{{ h.ky }}"),
            C("Trạng thái số liệu", 37, "{{ h.trang_thai }}", "left"),
            C("Số tiêu chí đạt", 22, "{{ h.so_tieu_chi }}"),
            C("Nhóm", 34, "{{ h.nhom }}", "left"),
            C("Mức đạt", 44, "{{ h.muc_dat }}", "left"),
        ],
        "h in lich_su",
    )
    f.add_heading(doc, "IV. QUYẾT ĐỊNH CÔNG NHẬN")
    f.add_tag(doc, "{%p if cong_nhan %}")
    f.add_table(
        doc,
        [
            C("Mức", 42, "{{ q.muc }}", "left"),
            C("Số quyết định", 32, "{{ q.so_qd }}"),
            C("Ngày", 22, "{{ q.ngay }}"),
            C("Bộ tiêu chí áp dụng", 40, "{{ q.bo_tieu_chi }}", "left"),
            C("Thu hồi", 29, "{{ q.thu_hoi }}"),
        ],
        "q in cong_nhan",
    )
    f.add_tag(doc, "{%p else %}")
    f.add_text(doc, "Xã chưa có quyết định công nhận đạt chuẩn.")
    f.add_tag(doc, "{%p endif %}")
    f.add_tag(doc, "{%p if co_muc_tiep %}")
    f.add_heading(doc, "V. NỘI DUNG CÒN THIẾU ĐỂ ĐẠT {{ muc_tiep.ten|upper }}")
    _bullets(
        doc,
        "tc in muc_tiep.tieu_chi",
        "- Tiêu chí số {{ tc.ma }} - {{ tc.ten }}: {% for ct in tc.chi_tieu %}{{ ct.ly_do }}"
        "{% if not loop.last %}; {% endif %}{% endfor %}.",
    )
    _bullets(doc, "ct in muc_tiep.dieu_kien", "- {{ ct.ten }}: {{ ct.ly_do }}.")
    _bullets(doc, "k in muc_tiep.khac", "- {{ k }}.")
    f.add_tag(doc, "{%p endif %}")
    f.add_text(
        doc,
        "Ủy ban nhân dân {{ xa.ten_thuong }} báo cáo Ủy ban nhân dân {{ xa.huyen_thuong }}./.",
    )
    _sign(doc, ["- UBND {{ xa.huyen_thuong }} (b/c);", "- Lưu: VT."])


# -- the yearly plan ---------------------------------------------------------------------------


def plan(doc: DocxDocument) -> None:
    f.add_letterhead(doc, HEAD)
    f.add_title(doc, "KẾ HOẠCH", ["{{ ke_hoach.trich_yeu }}"])
    _bullets(doc, "d in ke_hoach.mo_dau", "{{ d }}")
    f.add_tag(doc, "{%p for s in muc %}")
    f.add_tag(doc, "{%p if s.cap == 1 %}")
    f.add_heading(doc, "{{ s.tieu_de }}")
    _bullets(doc, "d in s.doan", "{{ d }}")
    f.add_tag(doc, "{%p elif s.cap == 2 %}")
    f.add_heading(doc, "{{ s.tieu_de }}", level=2)
    _bullets(doc, "d in s.doan", "{{ d }}")
    f.add_tag(doc, "{%p else %}")
    # a third-level heading runs into its first paragraph: "9.1. Chương trình ...: đẩy mạnh ..."
    run_in = f.add_text(doc, "")
    heading = run_in.add_run("{{ s.tieu_de }}{% if s.mo_dau %}: {% endif %}")
    heading.bold = True
    heading.italic = True
    run_in.add_run("{{ s.mo_dau }}")
    _bullets(doc, "d in s.doan_sau", "{{ d }}")
    f.add_tag(doc, "{%p endif %}")
    f.add_tag(doc, "{%p endfor %}")
    _bullets(doc, "d in ke_hoach.ket", "{{ d }}")
    _sign(
        doc,
        [
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
        ],
    )
    f.add_annex_section(doc, landscape=False)
    plan_note = "(Kèm theo Kế hoạch số {{ vb.so_ky_hieu }} ngày {{ vb.ngay }} của UBND tỉnh)"
    f.add_annex_title(doc, "Phụ lục", "CHỈ TIÊU VÀ NGUỒN VỐN NĂM {{ ke_hoach.nam }}", plan_note)
    f.add_caption(doc, "1. Số xã đạt từng tiêu chí ({{ ke_hoach.so_xa }} xã thuộc Chương trình)")
    f.add_table(
        doc,
        [
            C("TC", 11, "{{ r.ma }}"),
            C("Tiêu chí", 62, "{{ r.ten }}", "left"),
            C("Cuối năm {{ ke_hoach.ky_goc }} (xã)", 22, "{{ r.ky_goc }}"),
            C("Tăng thêm (xã)", 20, "{{ r.tang }}"),
            C("Kế hoạch năm {{ ke_hoach.nam }}", 26, "{{ r.ke_hoach }}"),
            C("Tỷ lệ", 24, "{{ r.ty_le }}"),
        ],
        "r in tieu_chi",
    )
    f.add_caption(doc, "2. Nguồn vốn thực hiện Chương trình")
    f.add_table(
        doc,
        [
            C("STT", 11, "{{ r.stt }}", total=""),
            C("Nguồn vốn", 95, "{{ r.ten }}", "left", total="{{ nguon_von_tong.ten }}"),
            C(
                "Số vốn (tỷ đồng)",
                32,
                "{{ r.so_von }}",
                "right",
                total="{{ nguon_von_tong.so_von }}",
            ),
            C("Tỷ lệ", 27, "{{ r.ty_le }}", total="{{ nguon_von_tong.ty_le }}"),
        ],
        "r in nguon_von",
        with_total=True,
    )
    f.add_tag(doc, "{%p if phan_giao.co %}")
    f.add_caption(doc, "3. Chỉ tiêu giao các huyện, thành phố (số xã tăng thêm trong năm)")
    f.add_table(
        doc,
        [
            C("STT", 11, "{{ r.stt }}", total=""),
            C("Huyện, thành phố", 45, "{{ r.ten }}", "left", total="Toàn tỉnh"),
            C("Số xã", 15, "{{ r.so_xa }}", total=""),
            C(
                "{{ c }}",
                30,
                "{{ v }}",
                total="{{ v }}",
                header_loop="c in phan_giao.cot",
                cell_loop="v in r.phan",
                total_loop="v in phan_giao.tong",
            ),
        ],
        "r in phan_giao.huyen",
        with_total=True,
        size=f.ANNEX_TABLE_PT,
    )
    f.add_tag(doc, "{%p endif %}")


TEMPLATES: dict[str, Callable[[DocxDocument], None]] = {
    "bao-cao-tien-do.docx": progress,
    "bao-cao-so-nganh.docx": department,
    "bao-cao-huyen.docx": district,
    "bao-cao-xa.docx": commune,
    "ke-hoach-nam.docx": plan,
}


def _reproducible(docx: bytes) -> bytes:
    """The same bytes on every run: fixed core properties (set by the caller)
    and fixed times inside the zip."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def build(name: str) -> bytes:
    import datetime as dt

    doc = f.new_document()
    TEMPLATES[name](doc)
    props = doc.core_properties
    props.author = "NTM"
    props.last_modified_by = "NTM"
    props.title = name.removesuffix(".docx")
    props.created = props.modified = dt.datetime(2023, 1, 1)
    props.revision = 1
    out = io.BytesIO()
    doc.save(out)
    return _reproducible(out.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    stale = []
    for name in TEMPLATES:
        data = build(name)
        path = OUT / name
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(name)
            continue
        path.write_bytes(data)
        print(f"written {path.relative_to(ROOT)} ({len(data):,} bytes)")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
