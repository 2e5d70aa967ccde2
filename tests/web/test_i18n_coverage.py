"""Every Vietnamese string a person reads goes through gettext.

Vietnamese is the source language; English comes from the catalogue. A
Vietnamese literal that is not marked for translation shows in Vietnamese on
an English page, and the catalogue tests cannot see it. These tests read the
source (Python by its syntax tree, templates by their text) and list every
unmarked Vietnamese string.

Vietnamese that must stay Vietnamese (demo data, legal names, the words a
parser accepts) is allowed only through the exemptions below, each with its
reason, or an ``# i18n: data`` comment on the line (or the line above) that
holds the string.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
NTM = ROOT / "ntm"
PO = NTM / "locale" / "en" / "LC_MESSAGES" / "django.po"

# Letters Vietnamese writes and English does not: Latin-1 and Latin
# Extended-A/B (â, ê, ô, ơ, ư, đ, ...), Latin Extended Additional (ạ, ế, ữ, ...)
# and the combining tone marks of decomposed text.
VIETNAMESE = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f]")

GETTEXT_FUNCTIONS = frozenset(
    {
        "_",
        "gettext",
        "gettext_lazy",
        "gettext_noop",
        "ngettext",
        "ngettext_lazy",
        "pgettext",
        "pgettext_lazy",
        "npgettext",
        "npgettext_lazy",
    }
)

MARKER = "# i18n: data"

# TEMPORARY: files other engineers are refactoring at the same time; they mark
# their own strings. Remove this list once their branches are merged.
PENDING_REFACTOR: tuple[str, ...] = ()

# Whole files whose Vietnamese is data, not interface text: path part, why.
DATA_FILES: dict[str, str] = {
    "/migrations/": "migrations freeze the field labels of their day",
    "ntm/reports/letterhead.py": (
        "the letterhead of official documents (NĐ 30/2020/NĐ-CP): issuing bodies, "
        "signing titles, the Vietnamese date line and the type words of legal names"
    ),
    "ntm/reports/templates_build/": (
        "the text of the Word templates of official documents, which are issued in "
        "Vietnamese whatever the language of the person who asks for them"
    ),
    "ntm/exchange/template_writer.py": (
        "the Excel template's sheets and headings: the importer reads them back"
    ),
    "ntm/exchange/layout.py": "the Excel template's header words, which the importer matches",
    "ntm/exchange/exports.py": (
        "the column headings of exported datasets (xlsx, CSV, JSON): a data contract "
        "with the spreadsheets and scripts that read them, the same in every language"
    ),
    "ntm/demo/": "synthetic demo data of a Vietnamese province, and the demo's own log",
}


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _exempt(relative: str) -> bool:
    return any(part in relative for part in (*PENDING_REFACTOR, *DATA_FILES))


def has_vietnamese(text: str) -> bool:
    return VIETNAMESE.search(text) is not None


# Python ---------------------------------------------------------------------


def _called_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the constants that are docstrings."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                found.add(id(body[0].value))
    return found


def _marked(tree: ast.Module) -> set[int]:
    """ids of the constants inside a gettext call (its arguments)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called_name(node) in GETTEXT_FUNCTIONS:
            for argument in (*node.args, *(k.value for k in node.keywords)):
                found.update(id(n) for n in ast.walk(argument) if isinstance(n, ast.Constant))
    return found


def python_findings(source: str, name: str = "<string>") -> list[tuple[int, str]]:
    """(line, text) of every unmarked Vietnamese string constant."""
    tree = ast.parse(source, name)
    lines = source.splitlines()
    skip = _docstrings(tree) | _marked(tree)
    findings = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if id(node) in skip or not has_vietnamese(node.value):
            continue
        nearby = lines[max(node.lineno - 2, 0) : (node.end_lineno or node.lineno)]
        if any(MARKER in line for line in nearby):
            continue
        findings.append((node.lineno, node.value))
    return findings


def _python_files() -> Iterator[Path]:
    for path in sorted(NTM.rglob("*.py")):
        if not _exempt(_relative(path)):
            yield path


def test_python_strings_are_marked_for_translation():
    findings = [
        f"{_relative(path)}:{line}: {text[:60]!r}"
        for path in _python_files()
        for line, text in python_findings(path.read_text(encoding="utf-8"), str(path))
    ]
    assert not findings, (
        f"{len(findings)} Vietnamese strings not marked with gettext (or '{MARKER}'):\n"
        + "\n".join(findings)
    )


def test_python_scanner_sees_what_it_should():
    source = (
        '"""Mô-đun."""\n'
        "from django.utils.translation import gettext as _\n"
        "def f():\n"
        '    """Hàm."""\n'
        '    a = _("Xã %(commune)s") % {"commune": "x"}\n'
        '    b = "Huyện"\n'
        '    c = f"Tỉnh {a}"\n'
        '    d = "Thôn"  # i18n: data\n'
        "    # i18n: data\n"
        '    e = "Ấp"\n'
        '    g = "plain ascii"\n'
        '    h = pgettext_lazy("ngữ cảnh", "Đạt")\n'
    )
    assert python_findings(source) == [(6, "Huyện"), (7, "Tỉnh ")]


# Templates ------------------------------------------------------------------

_TRANSLATED_BLOCK = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.S
)
_TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
_COMMENT_BLOCK = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_LABEL = re.compile(r"""\b(?:title|placeholder|aria-label|alt)\s*=\s*("[^"]*"|'[^']*')""")
_ELEMENT = re.compile(r"<[a-zA-Z][^<>]*>|</[a-zA-Z][^<>]*>", re.S)


def template_findings(text: str) -> list[tuple[int, str]]:
    """(line, text) of Vietnamese outside {% translate %}/{% blocktranslate %},
    in text nodes and in the labels people read."""

    def blank(match: re.Match[str]) -> str:
        # Keep the newlines so line numbers stay right.
        return re.sub(r"[^\n]", " ", match.group(0))

    for pattern in (_COMMENT_BLOCK, _TRANSLATED_BLOCK, _TAG, _HTML_COMMENT):
        text = pattern.sub(blank, text)
    findings = []

    def note(start: int, found: str) -> None:
        if has_vietnamese(found):
            findings.append((text.count("\n", 0, start) + 1, " ".join(found.split())))

    for element in _ELEMENT.finditer(text):
        for label in _LABEL.finditer(element.group(0)):
            note(element.start() + label.start(), label.group(1)[1:-1])
    text = _SCRIPT_OR_STYLE.sub(blank, text)
    text = _ELEMENT.sub(blank, text)
    for node in re.finditer(r"[^\s][^\n]*", text):
        note(node.start(), node.group(0))
    return findings


def _templates() -> Iterator[Path]:
    for path in sorted(NTM.glob("**/templates/**/*.html")):
        if not _exempt(_relative(path)):
            yield path


def test_templates_are_marked_for_translation():
    findings = [
        f"{_relative(path)}:{line}: {text[:60]!r}"
        for path in _templates()
        for line, text in template_findings(path.read_text(encoding="utf-8"))
    ]
    assert not findings, (
        f"{len(findings)} Vietnamese texts outside {{% translate %}}:\n" + "\n".join(findings)
    )


def test_template_scanner_sees_what_it_should():
    source = (
        "{% load i18n %}\n"
        '<h1 title="Tiêu đề">{% translate "Xã" %}</h1>\n'
        "<p>Huyện {{ name }}</p>\n"
        "{% blocktranslate with commune=x %}Xã {{ commune }}{% endblocktranslate %}\n"
        '<img alt="{% translate "Ảnh" %}">\n'
        "{# Ghi chú #}<!-- chú thích -->\n"
        "<script>const a = 'Tỉnh';</script>\n"
        '<input placeholder="Tìm">\n'
    )
    assert template_findings(source) == [(2, "Tiêu đề"), (8, "Tìm"), (3, "Huyện")]


# The catalogue --------------------------------------------------------------


def test_catalogue_is_translated_and_not_fuzzy():
    catalogue = polib.pofile(str(PO))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy: {fuzzy[:5]}"


def _pending_only(entry: polib.POEntry) -> bool:
    """Used only by files still in PENDING_REFACTOR (temporary)."""
    return bool(entry.occurrences) and all(_exempt(path) for path, _ in entry.occurrences)


def test_placeholders_have_meaningful_names():
    """``%(commune)s`` tells a translator what goes there; ``%(c)s`` does not."""
    one_letter = re.compile(r"%\([a-zA-Z]\)")
    catalogue = polib.pofile(str(PO))
    wrong = [
        e.msgid
        for e in catalogue
        if (one_letter.search(e.msgid) or one_letter.search(e.msgid_plural or ""))
        and not _pending_only(e)
    ]
    assert not wrong, f"{len(wrong)} one-letter placeholders: {wrong[:5]}"


def test_no_one_letter_placeholders_in_the_source():
    """In Python, ``%(n)s``; in templates, ``{{ n }}`` inside a blocktranslate."""
    python, template = re.compile(r"%\([a-zA-Z]\)[sdif]"), re.compile(r"{{\s*[a-zA-Z]\s*}}")
    found = []
    for file in _python_files():
        found += [f"{_relative(file)}: {m}" for m in python.findall(file.read_text("utf-8"))]
    for file in _templates():
        for block in _TRANSLATED_BLOCK.finditer(file.read_text("utf-8")):
            found += [f"{_relative(file)}: {m}" for m in template.findall(block.group(0))]
    assert not found, f"{len(found)} one-letter placeholders:\n" + "\n".join(found)
