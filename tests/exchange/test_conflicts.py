"""An import never overwrites a value someone changed after the template was
downloaded: it reports the conflict and writes nothing."""

from __future__ import annotations

import pytest

from ntm.exchange.models import ImportBatch
from ntm.exchange.services import import_check, import_commit, import_upload
from ntm.exchange.validation import ImportRefused
from ntm.monitoring.models import IndicatorValue, ValueChange
from tests.exchange.conftest import column_of, fill, make_template, officer_for, open_xlsx

pytestmark = pytest.mark.django_db


def raw(unit, code):
    return IndicatorValue.objects.get(
        report__unit=unit,
        report__period__code="2023",
        indicator__code=code,
        indicator__criteria_set__code="xa-ntm-2021-2025",
    ).raw_text


def test_a_value_changed_after_download_is_a_conflict_not_overwritten(world, tan_lien, enter):
    enter(tan_lien, "2023", {"2.1": "80", "2.2": "70"})
    template = make_template(tan_lien)  # 2.1 = "80" at version 1
    # someone corrects 2.1 on the web form after the download
    colleague = officer_for(tan_lien)
    colleague.full_name = "Hoàng Văn Em"
    colleague.save()
    enter(tan_lien, "2023", {"2.1": "82"}, user=colleague)
    filled = fill(template, {(tan_lien.code, "2.1"): "85", (tan_lien.code, "2.2"): "75"})
    batch = import_upload(user=world["tanlien"], data=filled, filename="cu.xlsx")
    assert (batch.n_changes, batch.n_conflicts, batch.n_errors) == (1, 1, 0)
    (conflict,) = batch.preview["conflicts"]
    ref = (
        open_xlsx(filled)["Số liệu"]
        .cell(7, column_of(open_xlsx(filled)["Số liệu"], "2.1"))
        .coordinate
    )
    assert (conflict["row"], conflict["col"]) == (7, column_of(open_xlsx(filled)["Số liệu"], "2.1"))
    assert "đã được Hoàng Văn Em lúc" in conflict["message"]
    assert (
        "sửa thành «82»" in conflict["message"]
        and "«85» trong tệp không được ghi" in conflict["message"]
    )
    with pytest.raises(ImportRefused, match="1 xung đột"):
        import_commit(user=world["tanlien"], batch=batch)
    assert (raw(tan_lien, "2.1"), raw(tan_lien, "2.2")) == ("82", "70")  # nothing written
    assert ref


def test_cells_left_as_downloaded_do_not_undo_later_changes(world, tan_lien, enter):
    enter(tan_lien, "2023", {"2.1": "80"})
    template = make_template(tan_lien)
    enter(tan_lien, "2023", {"2.1": "82"})  # changed in the system after the download
    filled = fill(template, {(tan_lien.code, "3.1"): "90"})  # 2.1 still shows the old "80"
    preview = import_check(user=world["tanlien"], data=filled, filename="a.xlsx")
    assert [c.code for c in preview.changes] == ["3.1"] and not preview.conflicts
    batch = import_upload(user=world["tanlien"], data=filled, filename="a.xlsx")
    import_commit(user=world["tanlien"], batch=batch)
    assert raw(tan_lien, "2.1") == "82"


def test_a_change_between_preview_and_commit_fails_the_whole_commit(world, tan_lien, enter):
    enter(tan_lien, "2023", {"2.1": "80"})
    filled = fill(
        make_template(tan_lien), {(tan_lien.code, "2.1"): "85", (tan_lien.code, "3.1"): "90"}
    )
    batch = import_upload(user=world["tanlien"], data=filled, filename="a.xlsx")
    assert batch.committable
    enter(tan_lien, "2023", {"2.1": "81"})  # saved on the web while the person reads the preview
    history = ValueChange.objects.count()
    with pytest.raises(ImportRefused, match="người khác đã lưu giá trị «81»") as info:
        import_commit(user=world["tanlien"], batch=batch)
    assert "Trang 'Số liệu', ô" in str(info.value)
    batch.refresh_from_db()
    assert (
        batch.status == ImportBatch.Status.FAILED
        and "không có giá trị nào được ghi" in batch.message
    )
    assert raw(tan_lien, "2.1") == "81"
    assert not IndicatorValue.objects.filter(indicator__code="3.1").exists()  # not half-saved
    assert ValueChange.objects.count() == history


def test_a_plain_table_is_checked_against_the_versions_seen_at_preview(world, tan_lien, enter):
    import openpyxl

    from tests.exchange.conftest import save_xlsx

    enter(tan_lien, "2023", {"2.1": "80"})
    wb = openpyxl.Workbook()
    wb.active.append(["Mã xã", "2.1"])
    wb.active.append([tan_lien.code, 90])
    batch = import_upload(
        user=world["tanlien"], data=save_xlsx(wb), filename="bang.xlsx", period_code="2023"
    )
    assert batch.preview["changes"][0][6] == 1  # expected version: the one shown in the preview
    enter(tan_lien, "2023", {"2.1": "81"})
    with pytest.raises(ImportRefused, match="người khác đã lưu"):
        import_commit(user=world["tanlien"], batch=batch)
    assert raw(tan_lien, "2.1") == "81"
