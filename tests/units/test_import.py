"""`ntm units import` on the real Lạng Sơn CSV, and its refusals."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ntm.units.management.commands.units import DEFAULT_CSV
from ntm.units.models import AdminUnit
from ntm.units.services import CSV_COLUMNS, UnitImportError, units_import

pytestmark = pytest.mark.django_db


def test_real_csv_has_the_2023_structure_of_lang_son(lang_son):
    units = AdminUnit.objects
    assert lang_son.name == "Tỉnh Lạng Sơn"
    assert units.filter(type__in=["huyen", "thanh_pho"]).count() == 11
    assert units.filter(type="thanh_pho").count() == 1
    assert units.filter(type__in=["xa", "phuong", "thi_tran"]).count() == 200
    assert units.filter(type="xa").count() == 181
    assert units.filter(type="thi_tran").count() == 14
    assert units.filter(type="phuong").count() == 5
    assert units.filter(in_programme=True).count() == 181
    assert not units.filter(in_programme=True).exclude(type="xa").exists()
    # every commune hangs below a district of the province
    for commune in units.filter(type__in=["xa", "phuong", "thi_tran"]).select_related("parent"):
        assert commune.parent.type in {"huyen", "thanh_pho"}
        assert commune.path == f"{lang_son.code}/{commune.parent.code}/{commune.code}"


def test_border_districts_are_flagged(lang_son):
    border = set(AdminUnit.objects.filter(type="huyen", border=True).values_list("name", flat=True))
    assert border == {
        "Huyện Tràng Định",
        "Huyện Văn Lãng",
        "Huyện Cao Lộc",
        "Huyện Lộc Bình",
        "Huyện Đình Lập",
    }


def test_all_units_are_in_the_northern_mountain_region(lang_son):
    assert set(AdminUnit.objects.values_list("region", flat=True)) == {"TDMNPB"}


def test_import_is_idempotent(lang_son):
    before = list(AdminUnit.objects.order_by("code").values())
    result = units_import(path=DEFAULT_CSV)
    assert result.created == 0 and result.updated == 0 and result.unchanged == 212
    assert list(AdminUnit.objects.order_by("code").values()) == before


def test_reimport_keeps_flags_edited_in_the_app(lang_son):
    commune = AdminUnit.objects.filter(type="xa", border=False).first()
    AdminUnit.objects.filter(pk=commune.pk).update(border=True)
    units_import(path=DEFAULT_CSV)
    assert AdminUnit.objects.get(pk=commune.pk).border is True
    units_import(path=DEFAULT_CSV, overwrite_flags=True)
    assert AdminUnit.objects.get(pk=commune.pk).border is False


def test_stats_command_prints_11_districts_and_181_communes(lang_son):
    out = StringIO()
    call_command("units", "stats", stdout=out)
    text = out.getvalue()
    assert "Đơn vị cấp huyện: 11" in text
    assert "Xã thuộc Chương trình NTM: 181" in text
    assert "xã: 181" in text
    assert "Huyện Cao Lộc:" in text


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "units.csv"
    path.write_text("\n".join([",".join(CSV_COLUMNS), *lines]) + "\n", encoding="utf-8")
    return path


GOOD = [
    "99,Tỉnh Thử,tinh,,0,0,0,0,TDMNPB,,,,",
    "990,Huyện Một,huyen,99,0,1,0,0,TDMNPB,,,,",
    "9901,Xã Đồng Đăng Mới,xa,990,1,0,0,0,TDMNPB,21.9,106.7,2023-05-07,",
]


@pytest.mark.parametrize(
    ("bad_line", "line_no", "reason"),
    [
        ("9902,Xã Hai,xa,990,1,0,0,0,TDMNPB,,,,", None, None),  # control: good
        ("9901,Xã Trùng,xa,990,1,0,0,0,TDMNPB,,,,", 5, "mã 9901 trùng với dòng 4"),
        ("9903,Xã Ba,xa,12345,1,0,0,0,TDMNPB,,,,", 5, "mã đơn vị cấp trên 12345 không tồn tại"),
        ("9904,Xã Bốn,lang,990,1,0,0,0,TDMNPB,,,,", 5, "loại đơn vị 'lang' không hợp lệ"),
        ("9905,Xã Năm,xa,990,2,0,0,0,TDMNPB,,,,", 5, "giá trị cờ phải là 0 hoặc 1"),
        ("9906,Xã Sáu,xa,990,1,0,0,0,MIENBAC,,,,", 5, "vùng 'MIENBAC' không hợp lệ"),
        ("9907,Xã Bảy,xa,990,1,0,0,0,TDMNPB,abc,1,,", 5, "toạ độ 'abc' không phải là số"),
        ("9908,Xã Tám,xa,990,1,0,0,0,TDMNPB,,,07/05/2023,", 5, "không đúng dạng YYYY-MM-DD"),
        ("9909,Xã Chín,xa,990,1,0", 5, "số cột không khớp"),
        (",Xã Mười,xa,990,1,0,0,0,TDMNPB,,,,", 5, "thiếu mã đơn vị"),
    ],
)
def test_bad_rows_are_refused_with_file_line_and_reason(tmp_path, bad_line, line_no, reason):
    path = _write(tmp_path, [*GOOD, bad_line])
    if reason is None:
        assert units_import(path=path).created == 4
        return
    with pytest.raises(UnitImportError) as info:
        units_import(path=path)
    message = str(info.value)
    assert f"{path}, dòng {line_no}: " in message
    assert reason in message
    assert not AdminUnit.objects.exists(), "a refused file must change nothing"


def test_missing_columns_are_refused(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("code,name\n1,Tỉnh A\n", encoding="utf-8")
    with pytest.raises(UnitImportError, match="dòng 1: thiếu cột: type, parent_code"):
        units_import(path=path)


def test_a_refused_reimport_leaves_existing_data_untouched(lang_son, tmp_path):
    broken = tmp_path / "broken.csv"
    shutil.copy(DEFAULT_CSV, broken)
    text = broken.read_text(encoding="utf-8").replace("Huyện Cao Lộc", "Huyện Cao Lộc Mới", 1)
    broken.write_text(text + "777,Xã Mồ Côi,xa,404,1,0,0,0,TDMNPB,,,,\n", encoding="utf-8")
    with pytest.raises(UnitImportError):
        units_import(path=broken)
    assert AdminUnit.objects.filter(name="Huyện Cao Lộc").exists()
    assert not AdminUnit.objects.filter(name="Huyện Cao Lộc Mới").exists()


def test_command_reports_errors_and_fails(tmp_path):
    path = _write(tmp_path, [*GOOD, "9901,Xã Trùng,xa,990,1,0,0,0,TDMNPB,,,,"])
    err = StringIO()
    with pytest.raises(CommandError, match="1 lỗi, không có thay đổi nào được ghi"):
        call_command("units", "import", str(path), stderr=err)
    assert "dòng 5: mã 9901 trùng với dòng 4" in err.getvalue()


def test_not_a_csv_file_is_refused(tmp_path):
    path = tmp_path / "units.csv"
    path.write_bytes(b"PK\x03\x04\xff\xfe binary workbook")
    with pytest.raises(UnitImportError):
        units_import(path=path)
    assert not AdminUnit.objects.exists()


def test_unit_changes_are_loaded_with_their_act_and_end_the_merged_units(lang_son):
    from ntm.units.management.commands.units import DEFAULT_CHANGES
    from ntm.units.models import UnitChange
    from ntm.units.services import unit_changes_import

    assert unit_changes_import(path=DEFAULT_CHANGES) == 6
    merge = UnitChange.objects.get(sources__name="Xã Vĩnh Tiến")
    assert merge.kind == "merge" and [t.name for t in merge.targets.all()] == ["Xã Khánh Long"]
    assert "Ủy ban Thường vụ Quốc hội" in merge.legal_act
    ended = set(AdminUnit.objects.exclude(valid_to=None).values_list("name", flat=True))
    assert ended == {
        "Xã Vĩnh Tiến",
        "Xã Đại Đồng",
        "Xã Đồng Giáp",
        "Xã Tràng Các",
        "Xã Sơn Hà",
        "Xã Tĩnh Bắc",
    }
    # importing both files again changes nothing
    assert unit_changes_import(path=DEFAULT_CHANGES) == 0
    assert units_import(path=DEFAULT_CSV).updated == 0
    assert AdminUnit.objects.exclude(valid_to=None).count() == 6
    # the 2023 programme still counts 181 communes: they were all valid in 2023
    assert AdminUnit.objects.filter(in_programme=True).count() == 181


def test_bad_change_rows_are_refused(lang_son, tmp_path):
    from ntm.units.models import UnitChange
    from ntm.units.services import unit_changes_import

    path = tmp_path / "changes.csv"
    path.write_text(
        "date,kind,from_codes,to_code,legal_act,note\n"
        "2024-12-01,merge,6007,5998,NQ 1/NQ-UBTVQH,ok\n"
        "2024-12-01,swap,6007,5998,NQ 1/NQ-UBTVQH,\n"
        "2024-12-01,merge,1,5998,NQ 1/NQ-UBTVQH,\n"
        "2024-12-01,merge,6007,5998,,\n",
        encoding="utf-8",
    )
    with pytest.raises(UnitImportError) as info:
        unit_changes_import(path=path)
    text = str(info.value)
    assert "dòng 3: loại thay đổi 'swap' không hợp lệ" in text
    assert "dòng 4: mã đơn vị không tồn tại: 1" in text
    assert "dòng 5: thiếu văn bản làm căn cứ" in text
    assert not UnitChange.objects.exists()
