"""One root for refusals: every error a person may be shown derives from
NtmError and carries a code of its own, stable for logs, the API and tests."""

from __future__ import annotations

import importlib
import pkgutil

import ntm
from ntm.errors import NtmError


def _all_refusals() -> list[type[NtmError]]:
    for module in pkgutil.walk_packages(ntm.__path__, "ntm."):
        if ".migrations" not in module.name and ".management" not in module.name:
            importlib.import_module(module.name)
    found, todo = [], list(NtmError.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return found


def test_every_refusal_has_a_code_of_its_own() -> None:
    refusals = _all_refusals()
    assert len(refusals) >= 15  # the apps' bases and their refusals were all found
    codes = {cls.__name__: cls.code for cls in refusals}
    shared = {
        name: code
        for name, code in codes.items()
        if code == NtmError.code or list(codes.values()).count(code) > 1
    }
    assert shared == {}


def test_a_code_given_when_raised_wins_and_the_message_is_the_text() -> None:
    error = NtmError("Không được.", code="special")
    assert (str(error), error.code) == ("Không được.", "special")
    assert NtmError.code == "ntm_error"
