"""The limits of uploaded files, from the settings (``NTM_UPLOAD_*``,
``NTM_EVIDENCE_MAX_MB``; config/base.py), for the pure checks of
:mod:`ntm.core.untrusted` and :mod:`ntm.core.evidence`."""

from __future__ import annotations

from django.conf import settings

from ntm.core.untrusted.limits import MB, UploadLimits


def upload_limits() -> UploadLimits:
    return UploadLimits(
        max_bytes=settings.NTM_UPLOAD_MAX_MB * MB,
        max_cells=settings.NTM_UPLOAD_MAX_CELLS,
        max_rows=settings.NTM_UPLOAD_MAX_ROWS,
        max_columns=settings.NTM_UPLOAD_MAX_COLUMNS,
        max_sheets=settings.NTM_UPLOAD_MAX_SHEETS,
        max_uncompressed_bytes=settings.NTM_UPLOAD_MAX_UNCOMPRESSED_MB * MB,
        max_ratio=settings.NTM_UPLOAD_MAX_RATIO,
        max_zip_members=settings.NTM_UPLOAD_MAX_ZIP_MEMBERS,
        max_shared_strings=settings.NTM_UPLOAD_MAX_SHARED_STRINGS,
        max_xml_depth=settings.NTM_UPLOAD_MAX_XML_DEPTH,
        parse_memory_bytes=settings.NTM_UPLOAD_PARSE_MEMORY_MB * MB,
        parse_seconds=settings.NTM_UPLOAD_PARSE_SECONDS,
    )


def evidence_max_bytes() -> int:
    return int(settings.NTM_EVIDENCE_MAX_MB) * MB
