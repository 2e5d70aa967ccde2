"""Download a template, fill it with openpyxl, import it: values and
verdicts land in the database through the same rules as the web form."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from ntm.exchange.models import ImportBatch
from ntm.monitoring.models import Evaluation, EvaluationCriterion, IndicatorValue, ValueChange
from tests.exchange.conftest import column_of, fill, open_xlsx, row_of, save_xlsx

pytestmark = pytest.mark.django_db

MAIN = "xa-ntm-2021-2025"


def stored(unit, code, period="2023"):
    value = IndicatorValue.objects.get(
        report__unit=unit,
        report__period__code=period,
        indicator__criteria_set__code=MAIN,
        indicator__code=code,
    )
    return value.raw_text, value.value, value.version


def verdicts(unit, period="2023"):
    return Evaluation.objects.get(
        report__unit=unit, report__period__code=period, criteria_set__code=MAIN
    ).verdicts


def test_web_round_trip(world, client, tan_lien, enter):
    enter(tan_lien, "2023", {"15.4": "45%", "3.1": "70"})
    client.force_login(world["tanlien"])
    template = client.get("/du-lieu/bieu-mau/", {"don_vi": tan_lien.code, "ky": "2023"}).content

    def percent_typed(ws):  # a person typing "20%" in Excel gets 0.2 shown as 20%
        cell = ws.cell(row_of(ws, tan_lien.code), column_of(ws, "15.3"))
        cell.value, cell.number_format = 0.2, "0%"
        ws["C2"] = "15/04/2023"

    filled = fill(
        template,
        {
            (tan_lien.code, "3.1"): 85.5,  # a number cell
            (tan_lien.code, "15.4"): "52,5%",  # Vietnamese text with %
            (tan_lien.code, "1.1"): "Đạt",
            (tan_lien.code, "9.1"): "Có",
            (tan_lien.code, "10"): "153,888",  # Vietnamese decimal comma, as text
            (tan_lien.code, "12.1"): "90.05",  # international decimal point
        },
        edit=percent_typed,
    )
    response = client.post("/du-lieu/nhap/", {"tep": _upload(filled, "Tan Lien 2023.xlsx")})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "7 thay đổi" in page and "0 lỗi" in page
    assert "52,5%" in page and "45%" in page  # old → new
    assert batch.prepared_on.isoformat() == "2023-04-15"
    # nothing written before the person confirms
    assert stored(tan_lien, "15.4") == ("45%", 45.0, 1)

    response = client.post(f"/du-lieu/nhap/{batch.pk}/ghi/")
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "committed" and batch.uploaded_by == world["tanlien"]
    assert batch.file.read() == filled and batch.sha256
    assert stored(tan_lien, "3.1") == ("85,5", 85.5, 2)
    assert stored(tan_lien, "15.4") == ("52,5%", 52.5, 2)
    assert stored(tan_lien, "15.3") == ("20%", 20.0, 1)
    assert stored(tan_lien, "1.1") == ("Đạt", True, 1)
    assert stored(tan_lien, "9.1") == ("Có", "Có", 1)
    assert stored(tan_lien, "10") == ("153,888", 153.888, 1)
    assert stored(tan_lien, "12.1") == ("90.05", 90.05, 1)
    v = verdicts(tan_lien)
    assert (v["3.1"], v["15.4"], v["15.3"], v["1.1"], v["9.1"]) == (1, 1, 1, 1, 0)
    assert EvaluationCriterion.objects.filter(
        evaluation__report__unit=tan_lien, code="15", met=False
    ).exists()  # 15.1 and 15.2 are still missing
    history = ValueChange.objects.get(value__indicator__code="15.4", version=2)
    assert (history.old_raw, history.new_raw, history.changed_by.username) == (
        "45%",
        "52,5%",
        "tanlien",
    )
    assert f"Tan Lien 2023.xlsx» (lần nhập số {batch.pk})" in history.reason
    assert history.reason_i18n["msgid"] == "Nhập từ tệp Excel «%(file)s» (lần nhập số %(batch)s)"
    with translation.override("en"):  # the history reads in the reader's language
        assert history.reason_display == (
            f"Imported from the Excel file “Tan Lien 2023.xlsx” (import no. {batch.pk})"
        )
    created = ValueChange.objects.filter(reason_i18n__isnull=False, version=1).first()
    assert created is not None and created.reason_display == created.reason  # both bulk paths


def test_preview_lists_new_verdicts_and_criteria_counts(world, tan_lien, enter):
    from ntm.exchange.services import import_check
    from tests.exchange.conftest import make_template

    enter(tan_lien, "2023", {"3.1": "70", "3.2": "Đạt"})
    filled = fill(make_template(tan_lien), {(tan_lien.code, "3.1"): 80})
    preview = import_check(user=world["tanlien"], data=filled, filename="a.xlsx")
    (change,) = preview.changes
    assert (change.code, change.old_raw, change.new_raw) == ("3.1", "70", "80")
    assert (change.old_verdict, change.new_verdict) == (0, 1)  # không đạt → đạt
    assert (change.row, change.col) == (7, column_of(open_xlsx(filled)["Số liệu"], "3.1"))
    (line,) = [u for u in preview.units if u.n_changes]
    assert line.criteria_after == line.criteria_before + 1  # criterion 3 now met


def test_cli_round_trip(world, tmp_path: Path, tan_lien, capsys):
    out = tmp_path / "bieu-mau.xlsx"
    call_command(
        "data", "template", "--unit", tan_lien.code, "--period", "2023-Q2", "--out", str(out)
    )
    assert "1 xã × 63 chỉ tiêu" in capsys.readouterr().out
    filled = tmp_path / "da-dien.xlsx"
    filled.write_bytes(fill(out.read_bytes(), {(tan_lien.code, "2.1"): "100%"}))
    call_command("data", "import", str(filled), "--user", "tanlien")
    printed = capsys.readouterr().out
    assert "Đã ghi 1 giá trị của 1 xã, kỳ Quý 2/2023" in printed
    assert stored(tan_lien, "2.1", "2023-Q2") == ("100%", 100.0, 1)


def test_blank_cell_clears_a_value_and_unchanged_cells_are_not_written(world, tan_lien, enter):
    from ntm.exchange.services import import_commit, import_upload
    from tests.exchange.conftest import make_template

    enter(tan_lien, "2023", {"2.1": "80", "2.2": "90"})
    wb = open_xlsx(make_template(tan_lien))
    ws = wb["Số liệu"]
    ws.cell(7, column_of(ws, "2.1")).value = None
    batch = import_upload(user=world["tanlien"], data=save_xlsx(wb), filename="x.xlsx")
    assert batch.n_changes == 1
    import_commit(user=world["tanlien"], batch=batch)
    assert stored(tan_lien, "2.1") == ("", None, 2)
    assert stored(tan_lien, "2.2") == ("90", 90.0, 1)


def _upload(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
