"""Random bytes and mutated valid workbooks never get past our refusal with
anything else: the pure checks raise only FileRefused, and the whole reader
(in its limited child) only WorkbookRefused, or reads the file."""

from __future__ import annotations

import contextlib
import io
import zipfile

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm.core.untrusted.limits import DEFAULT_LIMITS
from ntm.core.untrusted.refusal import FileRefused
from ntm.core.untrusted.workbook_rules import zip_workbook_inspect
from ntm.exchange.workbook_reader import WorkbookRefused, workbook_read
from tests.uploads.hostile import ods, ods_cell


def _valid_xlsx() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 30):
        ws.append([f"Xã {r}", r * 1.5, "85%", r])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _stored(data: bytes) -> bytes:
    """The same package with its members stored, so mutations reach the XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info), zipfile.ZIP_STORED)
    return out.getvalue()


VALID = [
    _valid_xlsx(),
    _stored(_valid_xlsx()),
    ods(
        '<table:table table:name="A">'
        f"<table:table-row>{ods_cell(5)}</table:table-row></table:table>"
    ),
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


random_files = st.one_of(
    st.binary(max_size=4096),
    st.binary(max_size=4096).map(lambda b: b"PK\x03\x04" + b),
    st.binary(max_size=4096).map(lambda b: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b),
    mutated(),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_the_pure_checks_refuse_or_accept_mutated_packages(data: bytes):
    with contextlib.suppress(FileRefused):
        zip_workbook_inspect(data, "t.xlsx", DEFAULT_LIMITS)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_files)
def test_the_reader_only_ever_refuses(data: bytes):
    try:
        workbook_read(data, "t.xlsx", DEFAULT_LIMITS)
    except WorkbookRefused as exc:
        assert str(exc) and exc.code.startswith("workbook_")
