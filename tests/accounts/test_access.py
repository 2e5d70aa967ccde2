"""What each role may see and change, allowed and refused cases per role."""

from __future__ import annotations

import pytest

from ntm.accounts.access import Action, access_allows, access_has_any, access_units
from ntm.accounts.models import Role, RoleAssignment, User
from ntm.units.models import AdminUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(lang_son):
    cao_loc = AdminUnit.objects.get(name="Huyện Cao Lộc")
    return {
        "province": lang_son,
        "cao_loc": cao_loc,
        "tan_lien": cao_loc.children.get(name="Xã Tân Liên"),
        "other_in_cao_loc": cao_loc.children.filter(type="xa").exclude(name="Xã Tân Liên").first(),
        "other_district": AdminUnit.objects.get(name="Huyện Đình Lập"),
        "other_commune": AdminUnit.objects.filter(parent__name="Huyện Đình Lập", type="xa").first(),
    }


def allowed(user, action, places, **kw):
    return {name for name, unit in places.items() if access_allows(user, action, unit, **kw)}


ALL = {"province", "cao_loc", "tan_lien", "other_in_cao_loc", "other_district", "other_commune"}


def test_commune_officer_works_only_on_their_commune(demo_users, places):
    user = demo_users["tanlien"]
    for action in (Action.VIEW_DRAFTS, Action.ENTER_VALUES, Action.SUBMIT):
        assert allowed(user, action, places) == {"tan_lien"}
    for action in (
        Action.APPRAISE,
        Action.APPROVE,
        Action.REOPEN,
        Action.EDIT_UNIT_FLAGS,
        Action.REVISE_THRESHOLDS,
    ):
        assert allowed(user, action, places) == set()
    assert allowed(user, Action.VIEW, places) == ALL  # approved figures are open
    assert set(access_units(user, Action.ENTER_VALUES)) == {places["tan_lien"]}


def test_district_officer_works_only_in_their_district(demo_users, places):
    user = demo_users["caoloc"]
    assert allowed(user, Action.VIEW_DRAFTS, places) == {"cao_loc", "tan_lien", "other_in_cao_loc"}
    assert allowed(user, Action.APPRAISE, places) == {"cao_loc", "tan_lien", "other_in_cao_loc"}
    assert allowed(user, Action.ENTER_VALUES, places) == set()
    assert allowed(user, Action.APPROVE, places) == set()
    communes = access_units(user, Action.APPRAISE).filter(type="xa")
    assert communes.count() == places["cao_loc"].children.filter(type="xa").count()
    assert not communes.exclude(parent=places["cao_loc"]).exists()


def test_coordination_office_approves_province_wide_but_cannot_reopen(demo_users, places):
    user = demo_users["vpdp"]
    assert allowed(user, Action.APPROVE, places) == ALL
    assert allowed(user, Action.REVISE_THRESHOLDS, places) == ALL
    assert allowed(user, Action.REOPEN, places) == set()
    assert allowed(user, Action.EDIT_UNIT_FLAGS, places) == set()
    assert allowed(user, Action.ENTER_VALUES, places) == set()


def test_province_admin_may_do_everything(demo_users, places):
    user = demo_users["quantri"]
    for action in Action:
        assert allowed(user, action, places) == ALL, action


def test_department_sees_drafts_only_of_its_criteria(demo_users, places):
    user = demo_users["soxaydung"]  # criteria 1 and 9
    assert allowed(user, Action.VIEW_DRAFTS, places, criterion=1) == ALL
    assert allowed(user, Action.VIEW_DRAFTS, places, criterion=9) == ALL
    assert allowed(user, Action.VIEW_DRAFTS, places, criterion=2) == set()
    assert allowed(user, Action.VIEW_DRAFTS, places) == set()
    assert allowed(user, Action.BUILD_REPORTS, places) == ALL
    assert allowed(user, Action.APPROVE, places, criterion=1) == set()
    assert allowed(user, Action.ENTER_VALUES, places, criterion=1) == set()


def test_leader_only_reads(demo_users, places):
    user = demo_users["lanhdao"]
    assert allowed(user, Action.VIEW_DRAFTS, places) == ALL
    for action in set(Action) - {Action.VIEW, Action.VIEW_DRAFTS, Action.BUILD_REPORTS}:
        assert allowed(user, action, places) == set(), action
    assert not access_has_any(user, Action.APPROVE)


def test_user_without_role_or_inactive_sees_nothing(demo_users, places):
    nobody = User.objects.create_user("khach", password="x")
    assert allowed(nobody, Action.VIEW, places) == set()
    assert not access_units(nobody, Action.VIEW).exists()
    officer = demo_users["tanlien"]
    officer.is_active = False
    assert allowed(officer, Action.ENTER_VALUES, places) == set()


def test_several_roles_add_up(lang_son, places):
    user = User.objects.create_user("hai.vai", password="x")
    RoleAssignment.objects.create(user=user, role=Role.COMMUNE_OFFICER, unit=places["tan_lien"])
    RoleAssignment.objects.create(
        user=user, role=Role.COMMUNE_OFFICER, unit=places["other_commune"]
    )
    assert allowed(user, Action.ENTER_VALUES, places) == {"tan_lien", "other_commune"}
