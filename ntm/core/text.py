"""Vietnamese text helpers shared by search and name matching."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case ``text`` without diacritics, so that ``dong dang`` matches
    ``Đồng Đăng``. Đ/đ is a separate letter, not a combining mark, so NFD alone
    keeps it: map it by hand."""
    # i18n: data (letters of the alphabet, not text)
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()
