"""Who may import what: rights are those of the web form (ntm.accounts.access),
checked in the preview and again when writing."""

from __future__ import annotations

import pytest

from ntm.accounts.models import RoleAssignment
from ntm.exchange.models import ImportBatch
from ntm.exchange.services import import_check, import_commit, import_upload
from ntm.exchange.validation import ImportRefused
from ntm.monitoring.models import IndicatorValue
from tests.exchange.conftest import db_counts, fill, make_template, officer_for

pytestmark = pytest.mark.django_db


def test_a_district_clerk_imports_own_communes_but_not_another_districts(
    world, lang_son, cao_loc, tan_lien, other_commune
):
    clerk = officer_for(cao_loc)  # data-entry rights over every commune of Cao Lộc
    province_file = fill(
        make_template(lang_son),
        {(tan_lien.code, "2.1"): "80", (other_commune.code, "2.1"): "90"},
    )
    before = db_counts()
    preview = import_check(user=clerk, data=province_file, filename="tinh.xlsx")
    (error,) = preview.errors
    assert error.message == (
        f"{other_commune.name} (Huyện Đình Lập) ngoài phạm vi được phân quyền của bạn; "
        "không nhập được số liệu của xã này"
    )
    assert error.where.startswith("Trang 'Số liệu', dòng ")
    assert [c.unit_id for c in preview.changes] == [tan_lien.pk]
    batch = import_upload(user=clerk, data=province_file, filename="tinh.xlsx")
    with pytest.raises(ImportRefused, match="1 lỗi"):
        import_commit(user=clerk, batch=batch)
    assert db_counts()["values"] == before["values"]
    # without the other district's change the same file imports
    own = fill(make_template(lang_son), {(tan_lien.code, "2.1"): "80"})
    import_commit(user=clerk, batch=import_upload(user=clerk, data=own, filename="own.xlsx"))
    assert IndicatorValue.objects.get(indicator__code="2.1", report__unit=tan_lien).raw_text == "80"


def test_district_officer_imports_own_district_only(world, lang_son, tan_lien, other_commune):
    """Demo caoloc is a district officer: Excel import (IMPORT_DATA) is how a
    district sends the figures it collected from its communes; other
    districts are out of scope altogether."""
    data = fill(
        make_template(lang_son),
        {(tan_lien.code, "2.1"): "80", (other_commune.code, "2.1"): "90"},
    )
    preview = import_check(user=world["caoloc"], data=data, filename="tinh.xlsx")
    (error,) = preview.errors
    assert "Huyện Đình Lập) ngoài phạm vi" in error.message
    assert [c.unit_id for c in preview.changes] == [tan_lien.pk]
    with pytest.raises(ImportRefused, match="không có quyền nhập số liệu từ tệp Excel"):
        import_check(user=world["soxaydung"], data=data, filename="tinh.xlsx")


def test_locked_reports_refuse_changes_but_not_untouched_rows(world, cao_loc, tan_lien, enter):
    enter(tan_lien, "2023", {"2.1": "80"}, status="submitted")
    clerk = officer_for(cao_loc)
    neighbour = (
        cao_loc.children.filter(type="xa", in_programme=True).exclude(pk=tan_lien.pk).first()
    )
    template = make_template(cao_loc)
    untouched = fill(template, {(neighbour.code, "2.1"): "70"})
    assert not import_check(user=clerk, data=untouched, filename="a.xlsx").errors
    changed = fill(template, {(tan_lien.code, "2.1"): "85", (neighbour.code, "2.1"): "70"})
    (error,) = import_check(user=clerk, data=changed, filename="b.xlsx").errors
    assert error.message == (
        "báo cáo Năm 2023 của Xã Tân Liên đang ở trạng thái «Chờ huyện thẩm định», "
        "không sửa được; các thay đổi ở dòng này không được ghi"
    )


def test_rights_are_checked_again_when_writing(world, tan_lien):
    officer = world["tanlien"]
    batch = import_upload(
        user=officer,
        data=fill(make_template(tan_lien), {(tan_lien.code, "2.1"): "80"}),
        filename="a.xlsx",
    )
    RoleAssignment.objects.filter(user=officer).delete()
    officer = type(officer).objects.get(pk=officer.pk)  # a fresh session: rights read again
    with pytest.raises(ImportRefused, match="Bạn không được nhập số liệu của Xã Tân Liên"):
        import_commit(user=officer, batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert not IndicatorValue.objects.exists()


def test_only_the_uploader_commits_and_readers_cannot_import(world, tan_lien, client):
    batch = import_upload(
        user=world["tanlien"],
        data=fill(make_template(tan_lien), {(tan_lien.code, "2.1"): "80"}),
        filename="a.xlsx",
    )
    with pytest.raises(ImportRefused, match="Chỉ người đã tải tệp lên"):
        import_commit(user=world["quantri"], batch=batch)
    with pytest.raises(ImportRefused, match="không có quyền nhập số liệu từ tệp Excel"):
        import_check(user=world["lanhdao"], data=b"x", filename="a.xlsx")
    client.force_login(world["lanhdao"])
    assert client.post("/du-lieu/nhap/", {}).status_code == 403
    assert "Excel" not in _menu(client)
    # the province leader reads drafts province-wide, hence the upload too
    assert client.get(f"/du-lieu/nhap/{batch.pk}/").status_code == 200
    client.force_login(world["caoloc"])
    assert "Excel" in _menu(client)
    # a commune officer of another commune does not see it
    client.force_login(
        officer_for(tan_lien.parent.children.filter(type="xa").exclude(pk=tan_lien.pk).first())
    )
    assert client.get(f"/du-lieu/nhap/{batch.pk}/").status_code == 404


def _menu(client) -> str:
    html = client.get("/").content.decode()
    return html[html.find('id="menu-chinh"') : html.find("</ul>", html.find('id="menu-chinh"'))]
