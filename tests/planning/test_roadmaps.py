"""The cascade to districts and communes, commune roadmaps (overdue by date,
every edit audited, conflicting edits refused) and reported figures, each
with the access rules of ``ntm.accounts.access``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ntm.accounts.access import AccessRefused
from ntm.monitoring.models import Recognition
from ntm.planning.models import (
    Level,
    Milestone,
    MilestoneChange,
    MilestoneStatus,
    Plan,
    ReportedActual,
    TargetedCommune,
)
from ntm.planning.selectors import (
    is_overdue,
    overdue_counts,
    overdue_milestones,
    roadmap_build,
)
from ntm.planning.services import (
    MilestoneConflict,
    PlanningError,
    actual_report,
    milestone_add,
    milestone_delete,
    milestone_update,
    plan_cascade_save,
    targeted_add,
    targeted_remove,
)
from ntm.units.models import AdminUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def tan_lien_targeted(plan_2023, demo_users, tan_lien):
    return targeted_add(user=demo_users["caoloc"], plan=plan_2023, unit=tan_lien, level=Level.NTM)


def _add(user, targeted, due, status=MilestoneStatus.PLANNED, criterion="5", **extra):
    return milestone_add(
        user=user,
        targeted=targeted,
        criterion=criterion,
        title=extra.pop("title", f"Việc hạn {due:%d/%m}"),
        responsible=extra.pop("responsible", "Chủ tịch UBND xã"),
        due_date=due,
        status=status,
        **extra,
    )


def test_overdue_is_a_passed_due_date_without_done(tan_lien_targeted, demo_users):
    user = demo_users["tanlien"]
    may = _add(user, tan_lien_targeted, dt.date(2023, 5, 31))
    june = _add(user, tan_lien_targeted, dt.date(2023, 6, 30), MilestoneStatus.IN_PROGRESS)
    done = _add(
        user,
        tan_lien_targeted,
        dt.date(2023, 4, 30),
        MilestoneStatus.DONE,
        done_on=dt.date(2023, 5, 2),
    )
    assert not is_overdue(may, dt.date(2023, 5, 31))  # due today: not yet
    assert is_overdue(may, dt.date(2023, 6, 1))
    assert not is_overdue(done, dt.date(2024, 1, 1))
    plan = tan_lien_targeted.plan
    assert overdue_milestones(plan, scope=None, today=dt.date(2023, 6, 1)) == [may]
    assert overdue_milestones(plan, scope=None, today=dt.date(2023, 7, 1)) == [may, june]
    cao_loc = tan_lien_targeted.unit.parent
    assert overdue_milestones(plan, scope=cao_loc, today=dt.date(2023, 7, 1)) == [may, june]
    other = AdminUnit.objects.get(name="Huyện Đình Lập")
    assert overdue_milestones(plan, scope=other, today=dt.date(2023, 7, 1)) == []
    assert overdue_counts(plan, today=dt.date(2023, 7, 1)) == {cao_loc.pk: 2}
    view = roadmap_build(tan_lien_targeted, today=dt.date(2023, 6, 15))
    assert view.overdue == [may]


def test_every_roadmap_edit_is_audited(tan_lien_targeted, demo_users):
    user = demo_users["tanlien"]
    m = _add(user, tan_lien_targeted, dt.date(2023, 5, 31), title="Xây thêm 2 phòng học")
    created = MilestoneChange.objects.get(action="create")
    assert created.changed_by == user and created.changes["title"] == ["", "Xây thêm 2 phòng học"]
    m = milestone_update(
        user=demo_users["caoloc"],
        milestone=m,
        expected_version=1,
        criterion="5",
        title="Xây thêm 2 phòng học",
        responsible="Phó Chủ tịch UBND xã",
        due_date=dt.date(2023, 6, 30),
        status=MilestoneStatus.DONE,
        done_on=dt.date(2023, 6, 28),
    )
    assert m.version == 2
    change = MilestoneChange.objects.get(action="update")
    assert change.changed_by == demo_users["caoloc"]
    assert change.changes == {
        "responsible": ["Chủ tịch UBND xã", "Phó Chủ tịch UBND xã"],
        "due_date": ["31/05/2023", "30/06/2023"],
        "status": ["Chưa thực hiện", "Hoàn thành"],
        "done_on": ["", "28/06/2023"],
    }
    # someone who read version 1 cannot overwrite version 2
    with pytest.raises(MilestoneConflict):
        milestone_update(
            user=user,
            milestone=m,
            expected_version=1,
            criterion="5",
            title="Khác",
            responsible="X",
            due_date=dt.date(2023, 7, 31),
            status=MilestoneStatus.PLANNED,
        )
    assert Milestone.objects.get(pk=m.pk).title == "Xây thêm 2 phòng học"
    milestone_delete(user=user, milestone=m, expected_version=2)
    deleted = MilestoneChange.objects.get(action="delete")
    assert deleted.milestone is None and deleted.changes["title"] == ["Xây thêm 2 phòng học", ""]
    assert MilestoneChange.objects.filter(targeted=tan_lien_targeted).count() == 3


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"criterion": "20"}, "Tiêu chí «20» không thuộc bộ tiêu chí"),
        ({"due_date": dt.date(2024, 1, 31)}, "Hạn hoàn thành phải trong năm 2023"),
        ({"status": MilestoneStatus.DONE}, "Cần ghi ngày hoàn thành"),
        ({"title": "  "}, "Cần ghi nội dung công việc"),
    ],
)
def test_bad_milestones_are_refused(tan_lien_targeted, demo_users, fields, message):
    data = {
        "criterion": "5",
        "title": "Việc",
        "responsible": "Chủ tịch UBND xã",
        "due_date": dt.date(2023, 5, 31),
        "status": MilestoneStatus.PLANNED,
        **fields,
    }
    with pytest.raises(PlanningError, match=message):
        milestone_add(user=demo_users["tanlien"], targeted=tan_lien_targeted, **data)
    assert not Milestone.objects.exists()


def test_only_the_communes_people_edit_its_roadmap(plan_2023, demo_users, tan_lien_targeted):
    other = targeted_add(
        user=demo_users["vpdp"],
        plan=plan_2023,
        unit=AdminUnit.objects.get(name="Xã Đình Lập"),
        level=Level.NTM,
    )
    with pytest.raises(AccessRefused):
        _add(demo_users["tanlien"], other, dt.date(2023, 5, 31))
    with pytest.raises(AccessRefused):
        _add(demo_users["lanhdao"], tan_lien_targeted, dt.date(2023, 5, 31))
    with pytest.raises(AccessRefused):
        _add(demo_users["soxaydung"], tan_lien_targeted, dt.date(2023, 5, 31))
    _add(demo_users["vpdp"], other, dt.date(2023, 5, 31))  # the office may


def test_targeted_communes_rules(plan_2023, demo_users, tan_lien):
    caoloc = demo_users["caoloc"]
    dinh_lap = AdminUnit.objects.get(name="Xã Đình Lập")
    with pytest.raises(AccessRefused):
        targeted_add(user=caoloc, plan=plan_2023, unit=dinh_lap, level=Level.NTM)
    with pytest.raises(AccessRefused):
        targeted_add(user=demo_users["tanlien"], plan=plan_2023, unit=tan_lien, level=Level.NTM)
    item = targeted_add(user=caoloc, plan=plan_2023, unit=tan_lien, level=Level.NTM)
    with pytest.raises(PlanningError, match="đã có trong danh sách"):
        targeted_add(user=caoloc, plan=plan_2023, unit=tan_lien, level=Level.NTM)
    township = AdminUnit.objects.get(name="Thị trấn Cao Lộc")
    with pytest.raises(PlanningError, match="không phải xã thuộc Chương trình"):
        targeted_add(user=caoloc, plan=plan_2023, unit=township, level=Level.NTM)
    recognised = AdminUnit.objects.get(code="6190")
    Recognition.objects.create(
        unit=recognised,
        level="ntm",
        decision_number="3/QĐ-UBND",
        decision_date=dt.date(2020, 12, 1),
        criteria_set="xa-ntm-2016-2020",
    )
    with pytest.raises(PlanningError, match="đã được công nhận"):
        targeted_add(user=caoloc, plan=plan_2023, unit=recognised, level=Level.NTM)
    targeted_add(user=caoloc, plan=plan_2023, unit=recognised, level=Level.ADVANCED)
    _add(demo_users["tanlien"], item, dt.date(2023, 5, 31))
    with pytest.raises(PlanningError, match="đã có lộ trình"):
        targeted_remove(user=caoloc, targeted=item)
    assert TargetedCommune.objects.count() == 2


def test_the_cascade_is_the_offices_and_stays_within_districts(plan_2023, demo_users):
    cao_loc = AdminUnit.objects.get(name="Huyện Cao Lộc")
    with pytest.raises(AccessRefused):
        plan_cascade_save(
            user=demo_users["caoloc"], plan=plan_2023, assignments={"183": {"ntm": 2}}
        )
    with pytest.raises(PlanningError, match="không hợp lệ"):
        plan_cascade_save(user=demo_users["vpdp"], plan=plan_2023, assignments={"183": {"ntm": 21}})
    with pytest.raises(PlanningError, match="không giao cho huyện được"):
        plan_cascade_save(
            user=demo_users["vpdp"], plan=plan_2023, assignments={"183": {"road_km": 2}}
        )
    (child,) = plan_cascade_save(
        user=demo_users["vpdp"], plan=plan_2023, assignments={"183": {"ntm": 2, "tc5": 1}}
    )
    assert child.code == "KH-NTM-LS-2023-H183" and child.unit == cao_loc
    assert child.communes_in_scope == 20
    part = child.targets.get(key="ntm")
    assert (part.value, part.measure, part.measure_params) == (
        Decimal(2),
        "recognised_in_year",
        {"level": "ntm"},
    )
    assert child.targets.get(key="tc5").measure == "criterion_communes_new"
    plan_cascade_save(user=demo_users["vpdp"], plan=plan_2023, assignments={"183": {"tc5": None}})
    assert sorted(child.targets.values_list("key", flat=True)) == ["ntm"]
    assert Plan.objects.filter(parent=plan_2023).count() == 1


def test_reported_figures_with_evidence(plan_2023, demo_users):
    road = plan_2023.targets.get(key="road_km")
    pdf = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 bao cao", content_type="application/pdf")
    row = actual_report(
        user=demo_users["vpdp"], target=road, value="120,5", as_of=dt.date(2023, 6, 30), upload=pdf
    )
    assert row.value == Decimal("120.5") and row.evidence_name == "bao-cao.pdf"
    assert len(row.evidence_sha256) == 64
    fake = SimpleUploadedFile("bao-cao.pdf", b"khong phai pdf", content_type="application/pdf")
    with pytest.raises(PlanningError, match="không đúng định dạng PDF"):
        actual_report(
            user=demo_users["vpdp"], target=road, value="1", as_of=dt.date(2023, 6, 30), upload=fake
        )
    with pytest.raises(PlanningError, match="tính từ số liệu theo dõi"):
        actual_report(
            user=demo_users["vpdp"],
            target=plan_2023.targets.get(key="tc1"),
            value="1",
            as_of=dt.date(2023, 6, 30),
        )
    with pytest.raises(PlanningError, match="trong năm 2023"):
        actual_report(user=demo_users["vpdp"], target=road, value="1", as_of=dt.date(2024, 1, 2))
    with pytest.raises(PlanningError, match="không được âm"):
        actual_report(user=demo_users["vpdp"], target=road, value="-4", as_of=dt.date(2023, 6, 1))
    with pytest.raises(AccessRefused):
        actual_report(user=demo_users["caoloc"], target=road, value="1", as_of=dt.date(2023, 6, 1))
    assert ReportedActual.objects.count() == 1


def test_the_roadmap_lists_unmet_criteria_with_gaps(tan_lien_targeted, fill_report, tan_lien):
    fill_report(tan_lien, "2023-Q1", {"1.1": "Đạt", "1.2": "Đạt", "15.4": "45"}, status="approved")
    fill_report(tan_lien, "2023-Q2", {"1.1": "Đạt"})  # a later draft does not replace it
    view = roadmap_build(tan_lien_targeted, today=dt.date(2023, 7, 1))
    assert view.basis.period_code == "2023-Q1" and view.basis.status == "approved"
    unmet = {c.code: c for c in view.unmet}
    assert "1" not in unmet and len(unmet) == 18
    gap = next(g for g in unmet["15"].gaps if g.code == "15.4")
    assert (gap.value_text, gap.threshold_text, gap.gap_text) == (
        "45%",
        "≥ 50%",
        "còn thiếu 5 điểm %",
    )


def test_roadmap_pages_edit_and_refuse(client, tan_lien_targeted, demo_users):
    url = reverse("planning:roadmap", args=[tan_lien_targeted.pk])
    client.force_login(demo_users["lanhdao"])
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 403
    client.force_login(demo_users["tanlien"])
    response = client.post(
        url,
        {
            "criterion": "5",
            "title": "Sửa chữa phòng học bộ môn",
            "responsible": "Hiệu trưởng trường THCS",
            "due_date": "2023-08-31",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    m = Milestone.objects.get()
    save = reverse("planning:milestone_save", args=[m.pk])
    data = {
        f"m{m.pk}-criterion": "5",
        f"m{m.pk}-title": m.title,
        f"m{m.pk}-responsible": m.responsible,
        f"m{m.pk}-due_date": "2023-08-31",
        f"m{m.pk}-status": "in_progress",
        f"m{m.pk}-version": "1",
    }
    response = client.post(save, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Đang thực hiện" in response.content.decode()
    stale = client.post(save, {**data, f"m{m.pk}-status": "done"}, HTTP_HX_REQUEST="true")
    assert stale.status_code == 409
    assert "vừa được người khác sửa" in stale.content.decode()
    assert Milestone.objects.get().status == "in_progress"
