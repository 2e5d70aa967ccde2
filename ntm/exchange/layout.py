"""The shape of the Excel template, shared by the writer and the reader.

The reader never trusts positions or sheet names alone: it finds the data
sheet and its header row by their content (the row of indicator codes), so
a renamed sheet, inserted blank rows or columns and moved columns still
import. Positions below are where the writer puts things."""

from __future__ import annotations

# Bump when the layout or the metadata changes in a way old readers would
# misread; the reader accepts every version listed in READABLE_VERSIONS.
TEMPLATE_VERSION = "1"
READABLE_VERSIONS = frozenset({"1"})

DATA_SHEET = "Số liệu"
GUIDE_SHEET = "Hướng dẫn"
META_SHEET = "_ntm"

# Hidden metadata sheet: A1 holds the marker, then one key per row (column A)
# with its value in column B; after them the indicator codes (row CODES_ROW,
# from column B) and one row per commune: its code, then "version|raw text"
# of every indicator as pre-filled, in the order of the codes row.
META_MARKER = "#NTM-EXCHANGE"
META_KEYS = (
    "phien_ban",  # template version
    "bo_tieu_chi",  # criteria set code
    "ky",  # period code
    "pham_vi",  # scope unit code
    "trang_so_lieu",  # data sheet name as written
    "tao_luc",  # ISO timestamp of the download
    "tao_boi",  # username of who downloaded it
)
META_CODES_LABEL = "ma_chi_tieu"
META_FIRST_UNIT_LABEL = "don_vi"

# Data sheet (1-based rows as Excel shows them).
TITLE_ROW = 1
DATE_ROW = 2  # "Ngày lập biểu" label and its input cell
DATE_LABEL = "Ngày lập biểu (dd/mm/yyyy):"
DATE_INPUT_COL = 3  # C2
GROUP_ROW = 3  # criterion names, merged over their indicator columns
CODE_ROW = 4  # machine-read header: "Mã xã", "Tên xã", ..., indicator codes
NAME_ROW = 5  # indicator names
UNIT_ROW = 6  # unit and threshold
FIRST_DATA_ROW = 7

# Fixed columns before the indicators (header labels as written).
COL_CODE = "Mã xã"
COL_NAME = "Tên xã"
COL_DISTRICT = "Huyện"
COL_STATUS = "Trạng thái báo cáo"
FIXED_COLUMNS = (COL_CODE, COL_NAME, COL_DISTRICT, COL_STATUS)

# Folded header texts the reader recognises (also in plain tables such as a
# CSV exported from another system or from our own dataset export).
CODE_HEADERS = frozenset({"ma xa", "ma don vi", "ma dvhc", "ma"})
NAME_HEADERS = frozenset({"ten xa", "xa", "ten don vi", "don vi", "ten"})
INFO_HEADERS = frozenset(
    {
        "huyen",
        "ten huyen",
        "huyen, thanh pho",
        "trang thai bao cao",
        "trang thai",
        "stt",
        "so tieu chi dat",
        "muc dat",
        "ghi chu",
    }
)

# Cell texts of boolean answers offered in the drop-down lists.
BOOLEAN_CHOICES = ("Đạt", "Không đạt")


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"
