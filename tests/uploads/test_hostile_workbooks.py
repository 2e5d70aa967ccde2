"""Every hostile workbook of the corpus is refused with its Vietnamese
message naming the limit: by the pure checks, through the import service
(in the limited child), through the real web upload and the ``ntm`` command;
quickly, writing nothing, and without the parent's memory growing."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings

from ntm.core.untrusted.limits import DEFAULT_LIMITS
from ntm.core.untrusted.refusal import FileRefused
from ntm.exchange.services import import_upload
from ntm.exchange.validation import ImportRefused
from ntm.exchange.workbook_parse import workbook_parse
from tests.exchange.conftest import db_counts
from tests.uploads.hostile import CORPUS, cells, ods, ods_cell, sheet_xml, xlsx
from tests.uploads.test_limited_child import rss_mb

CASES = [pytest.param(*case, id=case[0]) for case in CORPUS]
SECONDS = 5  # generous: each is refused in well under a second on this machine
GROWTH_MB = 50


def build(builder: object) -> bytes:
    return cast(Callable[[], bytes], builder)()


@pytest.mark.parametrize(("ident", "builder", "name", "code", "words"), CASES)
def test_the_pure_checks_refuse_it(ident, builder, name, code, words):
    with pytest.raises(FileRefused) as info:
        workbook_parse(build(builder), name, DEFAULT_LIMITS)
    assert info.value.code == code
    assert re.search(words, str(info.value)), str(info.value)


@pytest.mark.django_db
@pytest.mark.parametrize(("ident", "builder", "name", "code", "words"), CASES)
def test_the_import_service_refuses_it_in_bounded_time_and_memory(
    demo_users, ident, builder, name, code, words
):
    data = build(builder)
    before, rss_before = db_counts(), rss_mb()
    started = time.monotonic()
    with pytest.raises(ImportRefused) as info:
        import_upload(user=demo_users["tanlien"], data=data, filename=name)
    assert time.monotonic() - started < SECONDS
    assert rss_mb() - rss_before < GROWTH_MB
    assert info.value.code == code
    assert re.search(words, str(info.value)), str(info.value)
    assert db_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("ident", "builder", "name", "code", "words"), CASES)
def test_the_web_upload_refuses_it_and_stores_nothing(
    client, demo_users, ident, builder, name, code, words
):
    client.force_login(demo_users["tanlien"])
    before = db_counts()
    response = client.post("/du-lieu/nhap/", {"tep": SimpleUploadedFile(name, build(builder))})
    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(words.replace("«", "&laquo;").replace("»", "&raquo;"), page) or re.search(
        words, page
    ), words
    assert db_counts() == before


@pytest.mark.django_db
def test_the_command_refuses_it(demo_users, tmp_path):
    path = tmp_path / "bom.xlsx"
    path.write_bytes(xlsx([sheet_xml(cells("A1", "XFD1048576"))]))
    before = db_counts()
    with pytest.raises((CommandError, ImportRefused), match=r"vượt giới hạn 20\.000 dòng"):
        call_command("data", "import", str(path), "--user", "tanlien")
    assert db_counts() == before


@pytest.mark.django_db
def test_the_limits_come_from_the_settings(demo_users):
    """A deployment lowers a limit; the message gives the value it set."""
    data = xlsx([sheet_xml(cells("A1", "C3"))] * 3)
    with (
        override_settings(NTM_UPLOAD_MAX_SHEETS=2),
        pytest.raises(ImportRefused, match="3 trang tính: vượt giới hạn 2 trang"),
    ):
        import_upload(user=demo_users["tanlien"], data=data, filename="a.xlsx")
    strings = "".join(f"<si><t>{i}</t></si>" for i in range(30))
    flood = xlsx(
        [sheet_xml(cells("A1"))],
        shared=f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{strings}</sst>',
    )
    with (
        override_settings(NTM_UPLOAD_MAX_SHARED_STRINGS=20),
        pytest.raises(ImportRefused, match="21 chuỗi dùng chung: vượt giới hạn 20 chuỗi"),
    ):
        import_upload(user=demo_users["tanlien"], data=flood, filename="a.xlsx")
    with (
        override_settings(NTM_UPLOAD_MAX_MB=1),
        pytest.raises(ImportRefused, match="vượt giới hạn 1,0 MB"),
    ):
        import_upload(user=demo_users["tanlien"], data=bytes(2 * 1024 * 1024), filename="a.xlsx")


def test_a_libreoffice_sheet_with_a_million_empty_trailing_rows_is_read():
    """LibreOffice ends every sheet with empty repeated rows and cells: they
    are not content and do not count against the limits."""
    table = (
        '<table:table table:name="A"><table:table-row>'
        f"{ods_cell(5)}{ods_cell(7)}"
        '<table:table-cell table:number-columns-repeated="16382"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>'
    )
    kind, sheets = workbook_parse(ods(table), "a.ods", DEFAULT_LIMITS)
    assert kind == "ods" and sheets[0].rows == [[5.0, 7.0]]
