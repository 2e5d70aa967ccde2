"""A guard on the code base: spreadsheets and CSV files are written only
through the shared helpers (``ntm.web.xlsx.new_workbook`` / ``write_cell``,
``ntm.web.safe_csv.SafeCsvWriter``), which keep text as text. A module that
opens a workbook or a CSV writer another way, or writes a formula or a
hyperlink, fails this test."""

from __future__ import annotations

import ast
from pathlib import Path

NTM = Path(__file__).resolve().parents[2] / "ntm"
HELPERS = {"web/xlsx.py", "web/safe_csv.py"}
# module -> names whose call opens a writer
WRITERS = {
    "xlsxwriter": {"Workbook"},
    "openpyxl": {"Workbook"},
    "csv": {"writer", "DictWriter"},
}
FORBIDDEN_METHODS = {
    "write_formula",
    "write_array_formula",
    "write_dynamic_array_formula",
    "write_url",
}


def _violations_in(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    imported: dict[str, str] = {}  # local name -> "module.name"
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            root = node.module.split(".")[0]
            for alias in node.names:
                if root in WRITERS and alias.name in WRITERS[root]:
                    imported[alias.asname or alias.name] = f"{root}.{alias.name}"
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr in FORBIDDEN_METHODS:
                found.append((node.lineno, func.attr))
            base = func.value
            if isinstance(base, ast.Name) and func.attr in WRITERS.get(base.id, set()):
                found.append((node.lineno, f"{base.id}.{func.attr}"))
        elif isinstance(func, ast.Name) and func.id in imported:
            found.append((node.lineno, imported[func.id]))
    return sorted(found)


def unsafe_writers(root: Path = NTM) -> list[str]:
    """``path:line call`` of every writer opened or used outside the helpers."""
    found = []
    for path in sorted(root.rglob("*.py")):
        where = path.relative_to(root).as_posix()
        if where in HELPERS or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{where}:{line} {call}" for line, call in _violations_in(tree)]
    return found


def test_every_spreadsheet_and_csv_goes_through_the_helpers() -> None:
    assert unsafe_writers() == []


def test_the_guard_sees_each_way_around_the_helpers(tmp_path: Path) -> None:
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "xlsx.py").write_text("import xlsxwriter\nxlsxwriter.Workbook('a')\n")
    (tmp_path / "bad.py").write_text(
        "import csv, xlsxwriter\n"
        "from openpyxl import Workbook as W\n"
        "xlsxwriter.Workbook('a')\n"
        "csv.writer(out)\n"
        "W()\n"
        "ws.write_formula(0, 0, '=1')\n"
        "ws.write_url(0, 0, 'http://x')\n"
        "csv.reader(out)\n"  # reading is fine
    )
    assert unsafe_writers(tmp_path) == [
        "bad.py:3 xlsxwriter.Workbook",
        "bad.py:4 csv.writer",
        "bad.py:5 openpyxl.Workbook",
        "bad.py:6 write_formula",
        "bad.py:7 write_url",
    ]
