"""The limits an uploaded workbook must stay within.

These are our own choices, not a legal rule: a province workbook (181 communes
× about 100 indicators) is some 20,000 cells, under 1 MB, a handful of
sheets; each limit leaves a wide margin above that and far below what would
hurt the server. The deployment sets them (``NTM_UPLOAD_*``, config/base.py)."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int = 10 * MB  # the file as uploaded
    max_cells: int = 500_000  # cells stored, and the rectangle they span, per sheet
    max_rows: int = 20_000
    max_columns: int = 1_000
    max_sheets: int = 50
    max_uncompressed_bytes: int = 100 * MB  # all members of the zip, unpacked
    max_ratio: int = 200  # unpacked size / packed size, whole file and per member
    max_zip_members: int = 1_000
    max_shared_strings: int = 1_000_000
    max_xml_depth: int = 64
    parse_memory_bytes: int = 1024 * MB  # address space of the reading process
    parse_seconds: int = 15  # CPU and wall-clock time of the reading process


DEFAULT_LIMITS = UploadLimits()
