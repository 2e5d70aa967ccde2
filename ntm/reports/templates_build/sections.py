"""The parts several templates share: the letterhead, the note on the data,
the signature block, repeated paragraphs and the results of an area report
(province or district)."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocxDocument

from ntm.reports import docformat
from ntm.reports.templates_build import tables

LETTERHEAD = docformat.Letterhead(
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
    "xã có số liệu đã phê duyệt ({{ tq.ty_le_co_so_lieu }}){% if tq.lay_ky_truoc != '0' %}, "
    "trong đó {{ tq.lay_ky_truoc }} xã chưa có báo cáo kỳ này được phê duyệt nên giữ kết quả "
    "đã phê duyệt gần nhất của kỳ trước{% endif %}{% if tq.chua_co_so_lieu != '0' %}; "
    "{{ tq.chua_co_so_lieu }} xã chưa có số liệu đã phê duyệt, không được tính là đạt hay "
    "không đạt{% endif %}. Mức đạt được đánh giá theo {{ bo_tieu_chi.ten }}."
)
ANNEX_NOTE = "(Kèm theo Báo cáo số {{ vb.so_ky_hieu }} ngày {{ vb.ngay }})"


def add_report_opening(doc: DocxDocument, subject: Sequence[str]) -> None:
    """The letterhead and the title of a report (BÁO CÁO and its subject)."""
    docformat.add_letterhead(doc, LETTERHEAD)
    docformat.add_title(doc, "BÁO CÁO", subject)


def add_signature(doc: DocxDocument, recipients: Sequence[str]) -> None:
    """ "Nơi nhận" and the signing authority of the letterhead's context."""
    docformat.add_recipients_and_signature(
        doc,
        recipients,
        authority_loop="d in vb.tham_quyen",
        authority="{{ d }}",
        name="{{ vb.nguoi_ky }}",
    )


def add_repeated(doc: DocxDocument, loop: str, text: str) -> None:
    """A paragraph repeated for each item of ``loop`` ("s in danh_gia.noi_bat")."""
    docformat.add_tag(doc, f"{{%p for {loop} %}}")
    docformat.add_text(doc, text)
    docformat.add_tag(doc, "{%p endfor %}")


def add_conditional(doc: DocxDocument, condition: str, table: tables.TableSpec, other: str) -> None:
    """The table when ``condition`` holds, else the paragraph ``other``."""
    docformat.add_tag(doc, f"{{%p if {condition} %}}")
    tables.add_table(doc, table)
    docformat.add_tag(doc, "{%p else %}")
    docformat.add_text(doc, other)
    docformat.add_tag(doc, "{%p endif %}")


def add_area_results(doc: DocxDocument, goals_caption: str) -> None:
    """The results an area report shares, after its opening sentence: the
    plan's goals (when there is a plan), levels, groups, each criterion and
    the communes newly reaching a level (sections 1 to 4)."""
    docformat.add_tag(doc, "{%p if co_ke_hoach %}")
    docformat.add_caption(doc, goals_caption)
    tables.add_table(doc, tables.GOALS)
    docformat.add_tag(doc, "{%p endif %}")
    tables.add_table(doc, tables.LEVELS)
    docformat.add_heading(doc, "2. Kết quả theo nhóm xã", level=2)
    tables.add_table(doc, tables.BANDS)
    docformat.add_image_slot(doc, "{{ bieu_do.nhom }}")
    docformat.add_heading(doc, "3. Kết quả thực hiện từng tiêu chí", level=2)
    docformat.add_tag(doc, "{%p if co_ke_hoach %}")
    tables.add_table(doc, tables.CRITERIA_WITH_PLAN)
    docformat.add_image_slot(doc, "{{ bieu_do.tieu_chi }}")
    docformat.add_tag(doc, "{%p else %}")
    tables.add_table(doc, tables.CRITERIA_WITHOUT_PLAN)
    docformat.add_image_slot(doc, "{{ bieu_do.tieu_chi }}")
    docformat.add_tag(doc, "{%p endif %}")
    docformat.add_heading(doc, "4. Xã đạt chuẩn các mức trong kỳ", level=2)
    _add_newly_reached(doc)


def _add_newly_reached(doc: DocxDocument) -> None:
    docformat.add_tag(doc, "{%p if ky.co_ky_goc %}")
    add_repeated(
        doc,
        "m in xa_moi_dat",
        "- {{ m.muc }}: {{ m.so_moi }} xã mới đạt so với {{ ky.ky_goc }}"
        "{% if m.so_moi != '0' %} ({{ m.moi }}){% endif %}"
        "{% if m.co_mat %}; {{ m.so_mat }} xã không còn đạt ({{ m.mat }}){% endif %}.",
    )
    docformat.add_tag(doc, "{%p else %}")
    docformat.add_text(doc, "Chưa có số liệu đã phê duyệt của kỳ gốc (cuối năm trước) để so sánh.")
    docformat.add_tag(doc, "{%p endif %}")
