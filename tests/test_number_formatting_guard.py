"""One number formatter (ntm.core.numbers_vi and its template filters,
ntm/web/templatetags/numbers_vi.py): a user-facing number formatted any
other way, by a format specification (``f"{x:,}"``, ``f"{x:.2f}"``,
``"%.1f"``), ``format(x, ",")``, Django's ``floatformat``/``intcomma``, or a
``round()`` handed to the formatter in place of a precision rule, fails
here. The formatter itself is the one place allowed to do so."""

from __future__ import annotations

import re
from pathlib import Path

NTM = Path(__file__).resolve().parents[1] / "ntm"
ALLOWED = {
    # The formatter itself.
    "ntm/core/numbers_vi.py",
}
AD_HOC = [
    (
        "format specification",
        re.compile(r"\{[\w.()\[\]'\" *+/-]+:[<>^=]?[+\- ]?(,|,?\.\d+[fFeE%]?)\}"),
    ),
    ("printf-style precision", re.compile(r"%(\(\w+\))?[ +-]?\d*\.\d+[fFeE]")),
    (
        "format() with a specification",
        re.compile(r"\bformat\([^()]*,\s*[\"'][^\"']*[,.]\d*[fFeE%]?[\"']\)"),
    ),
    ("Django number filter", re.compile(r"\|\s*(floatformat|intcomma|intword)\b")),
    ("round() passed to the formatter", re.compile(r"format_\w+\(\s*round\(")),
    ("str(round())", re.compile(r"\bstr\(\s*round\(")),
]


def ad_hoc_formatting(root: Path = NTM) -> list[str]:
    """``path:line kind: text`` of every ad-hoc formatting of a number."""
    found = []
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.html")]):
        where = path.relative_to(root.parent).as_posix()
        if "migrations" in path.parts or where in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for kind, pattern in AD_HOC:
                if pattern.search(line):
                    found.append(f"{where}:{number} {kind}: {line.strip()}")
    return found


def test_numbers_reach_people_through_the_one_formatter() -> None:
    assert ad_hoc_formatting() == []


def test_the_guard_sees_each_kind_of_ad_hoc_formatting(tmp_path: Path) -> None:
    lines = [
        'a = f"{size:,} byte"',
        'b = f"{seconds:.2f} giây"',
        'c = "%.1f MB" % mb',
        'd = _("%(share).2f%%") % x',
        'e = format(total, ",")',
        "f = format_number_vi(round(x, 2))",
        "g = str(round(x, 1))",
    ]
    (tmp_path / "bad.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "bad.html").write_text("{{ x|floatformat:2 }} {{ n|intcomma }}\n")
    fine = [
        'day = f"{d.day:02d}/{d:%m/%Y}"',
        'text = format(rounded, "f")',
        'pair = {"a": 1, "b": 2.5}',
        "x = format_count(n)",
    ]
    (tmp_path / "fine.py").write_text("\n".join(fine) + "\n", encoding="utf-8")
    found = ad_hoc_formatting(tmp_path)
    assert len([f for f in found if f.startswith(f"{tmp_path.name}/bad.py")]) == len(lines)
    assert len([f for f in found if "bad.html" in f]) == 1
    assert not [f for f in found if "fine.py" in f]
