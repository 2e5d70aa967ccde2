"""The English translation: complete, compiled, and used by the pages.

Vietnamese is the source language of every user-visible string; English is
the translation in ntm/locale/en/LC_MESSAGES/django.po, compiled to django.mo.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
LC_MESSAGES = ROOT / "ntm" / "locale" / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"
MSGFMT = shutil.which("msgfmt") or "msgfmt"
needs_msgfmt = pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed"
)


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def key(self) -> str:
        """The key gettext uses in a .mo file."""
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid

    @property
    def translated(self) -> bool:
        if not self.msgstr:
            return False
        wanted = 2 if self.msgid_plural is not None else 1
        return len(self.msgstr) >= wanted and all(self.msgstr.values())


def _entry(e: polib.POEntry) -> Entry:
    msgstr = {int(i): text for i, text in e.msgstr_plural.items()} if e.msgid_plural else {}
    return Entry(
        msgid=e.msgid,
        msgid_plural=e.msgid_plural or None,
        msgctxt=e.msgctxt,
        msgstr=msgstr or {0: e.msgstr},
        flags=set(e.flags),
        references=[f"{path}:{line}" if line else path for path, line in e.occurrences],
        line=e.linenum,
    )


def po_entries(path: Path = PO) -> tuple[Entry, list[Entry]]:
    """The header entry and the other live entries of a .po file, read by
    polib (obsolete "#~" entries are skipped)."""
    catalogue = polib.pofile(str(path), wrapwidth=0)
    header = Entry(
        msgstr={0: "".join(f"{name}: {value}\n" for name, value in catalogue.metadata.items())},
        flags={"fuzzy"} if "fuzzy" in (catalogue.metadata_is_fuzzy or []) else set(),
    )
    return header, [_entry(e) for e in catalogue if not e.obsolete]


def _describe(entries: list[Entry], limit: int = 5) -> str:
    shown = [f"line {e.line}: {e.msgid[:70]!r}" for e in entries[:limit]]
    more = f" and {len(entries) - limit} more" if len(entries) > limit else ""
    return "; ".join(shown) + more


# (a) every entry translated, none fuzzy ------------------------------------


def test_po_reader_reads_plural_fuzzy_and_multiline_entries(tmp_path):
    sample = tmp_path / "sample.po"
    sample.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\nmsgid "Xã"\nmsgstr "Commune"\n\n'
        '#: a.py:2\n#, fuzzy, python-format\nmsgid ""\n"Có %(n)s "\n"xã"\nmsgstr "%(n)s"\n\n'
        'msgid "%(n)s lỗi"\nmsgid_plural "%(n)s lỗi"\nmsgstr[0] "%(n)s error"\nmsgstr[1] ""\n\n'
        '#~ msgid "Cũ"\n#~ msgstr "Old"\n',
        encoding="utf-8",
    )
    header, entries = po_entries(sample)
    assert "Language: en" in header.msgstr[0]
    assert [e.msgid for e in entries] == ["Xã", "Có %(n)s xã", "%(n)s lỗi"]
    assert [e.translated for e in entries] == [True, True, False]
    assert entries[1].flags == {"fuzzy", "python-format"}
    assert entries[2].msgid_plural == "%(n)s lỗi"


def test_english_catalogue_is_complete():
    header, entries = po_entries()
    assert len(entries) > 100, "the catalogue looks empty: run makemessages"
    assert "fuzzy" not in header.flags, "the header is marked fuzzy"
    assert "Language: en\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header.msgstr[0]
    fuzzy = [e for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries in {PO.name}: {_describe(fuzzy)}"
    untranslated = [e for e in entries if not e.translated]
    assert not untranslated, (
        f"{len(untranslated)} untranslated entries in {PO.name}: {_describe(untranslated)}"
    )


def test_translations_keep_the_placeholders():
    placeholder = re.compile(r"%\(\w+\)[sdif]|\{\w+\}|</?\w+")
    _, entries = po_entries()

    def found(text: str | None) -> set[str]:
        return set(placeholder.findall(text or ""))

    wrong = [
        e
        for e in entries
        if any(found(text) != found(e.msgid) | found(e.msgid_plural) for text in e.msgstr.values())
    ]
    assert not wrong, f"placeholders or tags differ from the Vietnamese: {_describe(wrong)}"


@needs_msgfmt
def test_msgfmt_reports_everything_translated():
    done = subprocess.run(
        [MSGFMT, "--check", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C", "LANGUAGE": ""},
        check=False,
    )
    report = done.stderr + done.stdout
    assert done.returncode == 0, report
    assert "fuzzy" not in report and "untranslated" not in report, report
    assert re.search(r"\d+ translated messages?\.", report), report


# (b) the compiled .mo matches the .po --------------------------------------


def _catalog(path: Path) -> dict[object, str]:
    """A compiled .mo as gettext looks messages up: the key (with its
    context) or (key, plural index) to the translation; no header."""
    catalog: dict[object, str] = {}
    for e in polib.mofile(str(path)):
        key = f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt is not None else e.msgid
        if e.msgid_plural:
            catalog.update(((key, int(i)), text) for i, text in e.msgstr_plural.items())
        elif key:
            catalog[key] = e.msgstr
    return catalog


@needs_msgfmt
def test_compiled_mo_matches_the_po(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run([MSGFMT, "-o", str(fresh), str(PO)], check=True)
    expected, shipped = _catalog(fresh), _catalog(MO)
    missing = sorted(str(k) for k in expected.keys() - shipped.keys())
    stale = sorted(str(k) for k in expected.keys() & shipped.keys() if expected[k] != shipped[k])
    extra = sorted(str(k) for k in shipped.keys() - expected.keys())
    hint = " (run: cd ntm && ../.venv/bin/ntm compilemessages -l en)"
    assert not missing, f"django.mo lacks {len(missing)} messages, e.g. {missing[:3]}{hint}"
    assert not stale, f"django.mo has {len(stale)} outdated messages, e.g. {stale[:3]}{hint}"
    assert not extra, f"django.mo has {len(extra)} messages not in the .po, e.g. {extra[:3]}{hint}"


def test_mo_holds_every_translated_entry():
    """Without msgfmt: every .po entry is in the .mo with the same text."""
    _, entries = po_entries()
    shipped = _catalog(MO)
    wrong = []
    for e in entries:
        if not e.translated:
            continue
        if e.msgid_plural is None:
            if shipped.get(e.key) != e.msgstr[0]:
                wrong.append(e)
        elif any(shipped.get((e.key, i)) != text for i, text in e.msgstr.items()):
            wrong.append(e)
    assert not wrong, f"django.mo is older than django.po: {_describe(wrong)}"


# (c) pages switch to English -----------------------------------------------


def _msgids_from(*sources: str) -> list[tuple[str, str]]:
    """(Vietnamese, English) of the entries used in the given source files."""
    _, entries = po_entries()
    return [
        (e.msgid, e.msgstr.get(0, ""))
        for e in entries
        if e.msgid_plural is None
        and any(ref.split(":")[0].endswith(sources) for ref in e.references)
    ]


# Page, English words the page must show, the page's own template (whose
# longer Vietnamese strings must not show).
PAGES = [
    ("home", "National Target Programme on New Rural Development", "web/home.html"),
    ("units:browse", "Search by name or code", "units/browse.html"),
    ("criteria:list", "Criteria sets", "criteria/set_list.html"),
    ("monitoring:dashboard", "Summary of New Rural Development results", "_dash_header.html"),
    ("exchange:home", "Excel: templates, data import and export", "exchange/home.html"),
    ("planning:home", "New Rural Development plans", "planning/home.html"),
    ("reports:home", "Generate a document", "reports/home.html"),
]


@pytest.fixture
def english_client(demo_users, criteria_db) -> Client:
    client = Client()
    client.force_login(demo_users["vpdp"])  # the coordination office sees every page
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


class _Texts(HTMLParser):
    """Text nodes and the labels people read (aria-label, title, placeholder)."""

    LABELS = frozenset({"aria-label", "title", "placeholder", "alt"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        for name, value in attrs:
            if name in self.LABELS and value:
                self.texts.add(" ".join(value.split()))

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.add(" ".join(data.split()))


def _texts(page: str) -> set[str]:
    parser = _Texts()
    parser.feed(page)
    return parser.texts


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "heading", "template"), PAGES)
def test_pages_render_in_english(english_client, url_name, heading, template):
    response = english_client.get(reverse(url_name))
    assert response.status_code == 200
    page = response.content.decode()
    text = html.unescape(page)
    texts = _texts(page)
    assert '<html lang="en">' in page
    assert heading in text
    # base.html and the main menu are in English.
    assert "Log out" in texts and "Đăng xuất" not in text
    assert "Language" in texts and "Ngôn ngữ" not in texts
    for vietnamese, english in _msgids_from("web/templates/base.html", "web/navigation.py"):
        if vietnamese != english and "%(" not in vietnamese:
            assert vietnamese not in texts, f"{vietnamese!r} left untranslated on {url_name}"
    # So are the page's own labels and sentences.
    for vietnamese, english in _msgids_from(template):
        if vietnamese == english or "%(" in vietnamese:
            continue
        assert vietnamese not in texts, f"{vietnamese!r} left untranslated on {url_name}"
        if len(vietnamese) >= 25:  # a sentence, not a word that may be part of a name
            assert vietnamese not in text, f"{vietnamese!r} left untranslated on {url_name}"


@pytest.mark.django_db
def test_switching_back_to_vietnamese(english_client):
    english_client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    text = english_client.get(reverse("home")).content.decode()
    assert "Đăng xuất" in text and "Log out" not in text
