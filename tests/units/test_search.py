"""Searching units ignores diacritics, case and spacing."""

from __future__ import annotations

import pytest

from ntm.core.text import fold
from ntm.units.selectors import unit_search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đồng Đăng", "dong dang"),
        ("Thị trấn  ĐỒNG ĐĂNG ", "thi tran dong dang"),
        ("Xã Hữu Kiên", "xa huu kien"),
        ("Ặ ẫ ỗ ữ ỹ ỵ đ", "a a o u y y d"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("query", ["dong dang", "Đồng Đăng", "DONG  DANG", "đồng đang"])
def test_search_finds_dong_dang_however_typed(lang_son, query):
    names = [u.name for u in unit_search(query)]
    assert "Thị trấn Đồng Đăng" in names


def test_search_matches_every_word_anywhere(lang_son):
    names = {u.name for u in unit_search("loc cao")}
    assert "Huyện Cao Lộc" in names


def test_search_by_code_puts_the_exact_unit_first(lang_son):
    cao_loc = unit_search("cao loc")[0]
    assert unit_search(cao_loc.code)[0] == cao_loc


def test_search_without_match_or_query(lang_son):
    assert unit_search("khong co xa nay") == []
    assert unit_search("   ") == []
