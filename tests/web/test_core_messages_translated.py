"""The pure core's messages reach people in their language: translated at
the Django boundary (translate_core_error) and wherever they are shown."""

from __future__ import annotations

import pytest
from django.utils import translation

from ntm.core.errors import ValueParseError
from ntm.core.evaluation import UnitInput, evaluate_unit
from ntm.core.values import parse_value
from ntm.criteria.selectors import criteria_catalog
from ntm.errors import translate_core_error

SET = "xa-ntm-2021-2025"


def _parse_error() -> ValueParseError:
    measure = criteria_catalog().get(SET).measure("2.1")
    try:
        parse_value("abc", measure)
    except ValueParseError as exc:
        return exc
    raise AssertionError("abc was read as a number")


@pytest.mark.django_db
def test_a_core_error_is_translated_at_the_boundary():
    error = _parse_error()
    with translation.override("en"):
        assert translate_core_error(error) == "«abc» is not a valid number"
    with translation.override("vi"):
        assert translate_core_error(error) == "«abc» không phải là số hợp lệ"
    assert translate_core_error(ValueError("khác")) == "khác"


@pytest.mark.django_db
def test_reasons_show_in_the_language_of_the_page():
    cset = criteria_catalog().get(SET)
    result = evaluate_unit(cset, UnitInput(classification=cset.classification.codes[0], year=2023))
    reason = result.indicator("2.1").reason
    with translation.override("en"):
        assert result.indicator("2.1").reason == "2.1: no figures yet"
        assert result.indicator("2.1").verdict.label == "missing data"
    assert reason == "2.1: chưa có số liệu"
