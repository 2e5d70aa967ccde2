"""Rooms that explain themselves: no function in ``ntm/`` grows past ~80
lines unless its docstring says why it is kept whole."""

from __future__ import annotations

import ast
from pathlib import Path

NTM = Path(__file__).resolve().parents[1] / "ntm"
MAX_LINES = 80
REASON = "Kept whole:"  # a docstring paragraph starting so explains a longer function


def long_functions(root: Path = NTM) -> list[str]:
    """``path:line name (N lines)`` of every function past MAX_LINES without a reason."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_LINES and REASON not in (ast.get_docstring(node) or ""):
                where = path.relative_to(root.parent)
                found.append(f"{where}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_function_is_long_without_a_reason() -> None:
    assert long_functions() == []


def test_the_check_sees_a_long_function_and_its_reason(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))
    (tmp_path / "long.py").write_text(f"def long():\n{body}\n", encoding="utf-8")
    (tmp_path / "kept.py").write_text(
        f'def kept():\n    """One pass.\n\n    {REASON} one table, one loop."""\n{body}\n',
        encoding="utf-8",
    )
    assert [f.split(" ")[1] for f in long_functions(tmp_path)] == ["long"]
