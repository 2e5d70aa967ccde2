"""Hostile files, built byte by byte in the tests: minimal but real .xlsx
and .ods packages (every part a reader needs) with one thing wrong."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def sheet_xml(body: str, dimension: str | None = None, prolog: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">'
        f"{dim}<sheetData>{body}</sheetData></worksheet>"
    )


def cells(*refs: str) -> str:
    """One row per cell, each holding the number 1."""
    return "".join(
        f'<row r="{"".join(ch for ch in ref if ch.isdigit())}"><c r="{ref}"><v>1</v></c></row>'
        for ref in refs
    )


def xlsx(
    sheets: Iterable[str],
    *,
    shared: str | None = None,
    extra: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A workbook with these sheet XMLs (and shared strings, extra members)."""
    sheets = list(sheets)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(sheets=overrides))
        archive.writestr("_rels/.rels", ROOT_RELS)
        entries = "".join(
            f'<sheet name="Trang {i}" sheetId="{i}" r:id="rId{i}"/>'
            for i in range(1, len(sheets) + 1)
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            f"<sheets>{entries}</sheets></workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns='
            f'"http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
            "</Relationships>",
        )
        for i, xml in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", shared)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods(tables: str) -> bytes:
    """An OpenDocument spreadsheet with these ``<table:table>`` elements."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type='
            '"text/xml"/></manifest:manifest>',
        )
        archive.writestr(
            "content.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS} '
            f'office:version="1.2"><office:body><office:spreadsheet>{tables}'
            "</office:spreadsheet></office:body></office:document-content>",
        )
    return out.getvalue()


def ods_cell(value: int = 1, repeat: int = 1) -> str:
    rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell office:value-type="float" office:value="{value}"{rep}>'
        f"<text:p>{value}</text:p></table:table-cell>"
    )


def zeros_member(name: str, size: int) -> bytes:
    """A zip whose one member unpacks to ``size`` zero bytes, compressed
    chunk by chunk so the test itself never holds them."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1024 * 1024)
    packed = io.BytesIO()
    crc = 0
    left = size
    while left:
        piece = chunk[: min(left, len(chunk))]
        crc = zlib.crc32(piece, crc)
        packed.write(compressor.compress(piece))
        left -= len(piece)
    packed.write(compressor.flush())
    body = packed.getvalue()
    return _raw_zip(name, body, size, crc)


def _raw_zip(name: str, body: bytes, size: int, crc: int) -> bytes:
    """A one-member zip written by hand (deflated ``body``, true sizes)."""
    encoded = name.encode()
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(body), size, len(encoded), 0
    )
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50,
        20,
        20,
        0,
        8,
        0,
        0,
        crc,
        len(body),
        size,
        len(encoded),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    directory_offset = len(local) + len(encoded) + len(body)
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central) + len(encoded), directory_offset, 0
    )
    return local + encoded + body + central + encoded + end


# -- the corpus -------------------------------------------------------------------------------

DEEP = "<a>" * 100 + "</a>" * 100
LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
XXE = '<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


def _plain() -> bytes:
    return xlsx([sheet_xml(cells("A1", "B2"))])


def _corrupt_member() -> bytes:
    """A valid package whose sheet's deflate stream is damaged (CRC fails)."""
    data = bytearray(_plain())
    start = data.find(b"xl/worksheets/sheet1.xml") + len(b"xl/worksheets/sheet1.xml")
    for i in range(start + 4, start + 12):
        data[i] ^= 0xFF
    return bytes(data)


def _future_zip_version() -> bytes:
    """A member whose central directory asks for zip version 6.4 (strong
    encryption), which Python's zipfile refuses with NotImplementedError."""
    data = bytearray(_plain())
    entry = data.find(b"PK\x01\x02")
    data[entry + 6 : entry + 8] = (64).to_bytes(2, "little")
    return bytes(data)


def _ods_table(rows: str) -> str:
    return f'<table:table table:name="A">{rows}</table:table>'


# (id, builder, file name, refusal code, words of the message)
CORPUS: list[tuple[str, object, str, str, str]] = [
    (
        "cells-A1-and-XFD1048576",
        lambda: xlsx([sheet_xml(cells("A1", "XFD1048576"))]),
        "xa.xlsx",
        "workbook_over_limit",
        "ô XFD1048576 .*vượt giới hạn 20.000 dòng và 1.000 cột",
    ),
    (
        "huge-dimension",
        lambda: xlsx([sheet_xml(cells("A1"), dimension="A1:XFD1048576")]),
        "xa.xlsx",
        "workbook_over_limit",
        "khai báo vùng dữ liệu A1:XFD1048576 .*500.000 ô",
    ),
    (
        "sparse-cells-far-apart",
        lambda: xlsx([sheet_xml(cells("A1", "ALL20000"))]),
        "xa.xlsm",
        "workbook_over_limit",
        "trải trên 20.000.000 ô .*vượt giới hạn 500.000 ô",
    ),
    (
        "ods-repeated-rows-by-columns",
        lambda: ods(
            _ods_table(
                '<table:table-row table:number-rows-repeated="1000000">'
                f"{ods_cell(5, 900)}</table:table-row>"
            )
        ),
        "xa.ods",
        "workbook_over_limit",
        "vượt giới hạn 20.000 dòng và 1.000 cột",
    ),
    (
        "ods-repeated-columns",
        lambda: ods(_ods_table(f"<table:table-row>{ods_cell(5, 16384)}</table:table-row>")),
        "xa.ods",
        "workbook_over_limit",
        "ô XFD1 ",
    ),
    (
        "many-sheets",
        lambda: xlsx([sheet_xml(cells("A1"))] * 60),
        "xa.xlsx",
        "workbook_over_limit",
        "51 trang tính: vượt giới hạn 50 trang",
    ),
    (
        "zip-bomb",
        lambda: zeros_member("xl/worksheets/sheet1.xml", 150 * 1024 * 1024),
        "xa.xlsx",
        "workbook_over_limit",
        "khi giải nén lớn 150,0 MB, vượt giới hạn 100,0 MB",
    ),
    (
        "high-ratio",
        lambda: zeros_member("xl/worksheets/sheet1.xml", 20 * 1024 * 1024),
        "xa.xlsx",
        "workbook_over_limit",
        "tỉ lệ nén .* lần, vượt giới hạn 200 lần",
    ),
    (
        "many-members",
        lambda: xlsx(
            [sheet_xml(cells("A1"))], extra={f"xl/media/p{i}.bin": b"x" for i in range(1200)}
        ),
        "xa.xlsx",
        "workbook_over_limit",
        "1.205 thành phần nén, vượt giới hạn 1.000",
    ),
    (
        "deep-nesting",
        lambda: xlsx(
            [sheet_xml(cells("A1")).replace("</worksheet>", f"<extLst>{DEEP}</extLst></worksheet>")]
        ),
        "xa.xlsx",
        "workbook_over_limit",
        "lồng sâu hơn 64 cấp",
    ),
    (
        "billion-laughs",
        lambda: xlsx([sheet_xml(cells("A1"), prolog=LAUGHS)]),
        "xa.xlsx",
        "workbook_forbidden_xml",
        "khai báo DTD hoặc thực thể XML",
    ),
    (
        "xxe",
        lambda: xlsx([sheet_xml(cells("A1"), prolog=XXE)]),
        "xa.xlsx",
        "workbook_forbidden_xml",
        "khai báo DTD hoặc thực thể XML",
    ),
    (
        "shared-string-flood-declared",
        lambda: xlsx(
            [sheet_xml(cells("A1"))],
            shared=f'<sst xmlns="{MAIN}" count="5000000" uniqueCount="5000000">'
            "<si><t>a</t></si></sst>",
        ),
        "xa.xlsx",
        "workbook_over_limit",
        "5.000.000 chuỗi dùng chung: vượt giới hạn 1.000.000",
    ),
    (
        "truncated-zip",
        lambda: _plain()[: len(_plain()) // 2],
        "xa.xlsx",
        "workbook_damaged",
        "bị hỏng",
    ),
    (
        "corrupt-member",
        _corrupt_member,
        "xa.xlsx",
        "workbook_damaged",
        "bị hỏng",
    ),
    (
        "zip-version-6.4",
        _future_zip_version,
        "xa.xlsx",
        "workbook_damaged",
        "bị hỏng",
    ),
    (
        "pdf-named-xlsx",
        lambda: b"%PDF-1.7\n" + bytes(2000),
        "bao-cao.xlsx",
        "workbook_not_a_workbook",
        "Đây là tệp PDF",
    ),
    (
        "xls-that-is-html",
        lambda: b"<html><body><table><tr><td>1</td></tr></table></body></html>",
        "so-lieu.xls",
        "workbook_not_a_workbook",
        "không phải là bảng tính Excel",
    ),
    (
        "ole-that-is-not-xls",
        lambda: OLE_HEAD + bytes(4096),
        "so-lieu.xls",
        "workbook_damaged",
        "Không đọc được tệp",
    ),
]
OLE_HEAD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
