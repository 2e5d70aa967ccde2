"""Core messages: Vietnamese templates with named parameters, rendered
(translated) when shown; the core imports no Django."""

from __future__ import annotations

import pytest

from ntm.core.criteria_model import CriteriaSet
from ntm.core.errors import CriteriaLookupError, CriteriaSetError, ValueParseError
from ntm.core.messages import Message, gettext_noop, message
from ntm.core.values import parse_value

ENGLISH = {
    "«%(text)s» không phải là %(expected)s": "«%(text)s» is not %(expected)s",
    "một số không âm": "a non-negative number",
}


def test_a_message_renders_its_parameters_and_nested_messages() -> None:
    inner = message(gettext_noop("một số không âm"))
    outer = message(gettext_noop("«%(text)s» không phải là %(expected)s"), text="x", expected=inner)
    assert str(outer) == "«x» không phải là một số không âm"
    assert outer.render(lambda t: ENGLISH.get(t, t)) == "«x» is not a non-negative number"


def test_a_message_without_parameters_keeps_a_lone_percent_sign() -> None:
    assert str(Message("một tỷ lệ % từ 0 đến 100")) == "một tỷ lệ % từ 0 đến 100"


def test_core_errors_carry_a_code_params_and_the_vietnamese_text(demo: CriteriaSet) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_value("abc", demo.measure("1.1"))
    error = info.value
    assert error.code == "value_parse"
    assert error.params == {"text": "abc"}
    assert error.text.template == "«%(text)s» không phải là số hợp lệ"
    assert str(error) == "«abc» không phải là số hợp lệ" == error.args[0]


def test_every_core_error_has_its_own_code() -> None:
    codes = {
        CriteriaSetError("a.yaml", 3, "tệp rỗng").code,
        CriteriaLookupError("x").code,
        ValueParseError("x").code,
    }
    assert len(codes) == 3


def test_a_criteria_set_error_keeps_file_line_and_problem() -> None:
    error = CriteriaSetError("a.yaml", 3, message(gettext_noop("tệp rỗng")))
    assert (error.file, error.line, error.message) == ("a.yaml", 3, "tệp rỗng")
    assert str(error) == "a.yaml, dòng 3: tệp rỗng"
