"""Reading generated documents back the way an office's software would:
python-docx for the Word file, LibreOffice and pdftotext for the PDF."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table


def open_docx(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


def all_text(doc: DocxDocument) -> str:
    """Every paragraph of the body and of its tables (nested), in order."""
    parts: list[str] = []

    def walk(block) -> None:  # type: ignore[no-untyped-def]
        for child in block.iterchildren():
            if child.tag == qn("w:p"):
                parts.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
            elif child.tag == qn("w:tbl"):
                for tc in child.iter(qn("w:tc")):
                    for p in tc.iter(qn("w:p")):
                        parts.append("".join(t.text or "" for t in p.iter(qn("w:t"))))

    walk(doc.element.body)
    return "\n".join(parts)


def rows(table: Table) -> list[list[str]]:
    return [[c.text.strip() for c in r.cells] for r in table.rows]


def table_with_header(doc: DocxDocument, *header: str) -> Table:
    """The first table whose header row starts with ``header``."""
    for table in doc.tables:
        first = rows(table)[0] if table.rows else []
        if first[: len(header)] == list(header):
            return table
    raise AssertionError(f"no table with header {header}")


def grid_is_consistent(table: Table) -> bool:
    """As many grid columns as cells in every row without merged cells."""
    grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
    for tr in table._tbl.findall(qn("w:tr")):
        tcs = tr.findall(qn("w:tc"))
        if any(tc.find(qn("w:tcPr") + "/" + qn("w:gridSpan")) is not None for tc in tcs):
            continue
        if len(tcs) != len(grid):
            return False
    return True


def pdf_text(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "x.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout


def pdf_fonts(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "x.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdffonts", str(path)], capture_output=True, check=True, text=True
        ).stdout
