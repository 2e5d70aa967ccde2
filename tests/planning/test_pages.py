"""Every plan page renders for the roles that see it, reads like the plan
document, and refuses what a role may not do."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ntm.planning.models import TargetedCommune

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    html = re.sub(r"</?strong[^>]*>", "", response.content.decode())
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_plan_page_reads_like_the_original(client, plan_2023, demo_users):
    client.force_login(demo_users["lanhdao"])
    response = client.get(reverse("planning:detail", args=[plan_2023.code]))
    assert response.status_code == 200
    text = _text(response)
    for heading in (
        "I. MỤC TIÊU, CHỈ TIÊU CHỦ YẾU",
        "1. Mục tiêu tổng quát",
        "2. Chỉ tiêu cụ thể",
        "II. NHIỆM VỤ VÀ GIẢI PHÁP THỰC HIỆN",
        "9.1. Chương trình mỗi xã một sản phẩm (OCOP)",
        "III. NGUỒN VỐN THỰC HIỆN CHƯƠNG TRÌNH",
        "IV. TỔ CHỨC THỰC HIỆN",
        "8. Ủy ban nhân dân các xã",
    ):
        assert heading in text, heading
    for phrase in (
        "nâng tổng số xã đạt chuẩn nông thôn mới toàn tỉnh lên 95/181 xã",
        "bình quân tiêu chí/01 xã đạt từ 13 - 14 tiêu chí",
        "xây dựng thêm 05 xã đạt chuẩn nông thôn mới nâng cao",
        "nâng tổng số xã đạt tiêu chí lên 163/181 xã, chiếm tỷ lệ 90,05%",
        "chiếm tỷ lệ 42%",
        "đạt 35.800 ha",
        "khoảng 1.000 lao động",
        "đạt 28,6 triệu đồng/người",
        "là 5.103,888 tỷ đồng, trong đó:",
        "Vốn đầu tư trực tiếp cho Chương trình 406,982 tỷ đồng chiếm 8,0%",
        "1.466,906 tỷ đồng, chiếm 28,7%",
        "Vốn tín dụng là: 3.000 tỷ đồng chiếm 58,8%",
        "huyện Đình Lập đạt 6/9 tiêu chí",
    ):
        assert phrase in text, phrase
    # the checks are on the page, with both numbers
    assert "1 lỗi" not in text and "0 lỗi, 3 cảnh báo" in text
    assert "tỷ lệ in 90,05% nhưng 163/181 = 90,0552…%" in text


def test_every_page_renders(client, plan_2023, demo_users, fill_report, tan_lien):
    fill_report(tan_lien, "2023-Q1", {"1.1": "Đạt", "1.2": "Đạt"}, status="approved")
    client.force_login(demo_users["caoloc"])
    code = plan_2023.code
    for name in ("detail", "dashboard", "cascade", "targeted", "candidates", "overdue"):
        response = client.get(reverse(f"planning:{name}", args=[code]))
        assert response.status_code == 200, name
    assert client.get(reverse("planning:home")).status_code == 200
    assert client.get(reverse("planning:report_actual", args=[code, "road_km"])).status_code == 200
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert 'data-testid="home-plan"' in home.content.decode()


def test_the_cascade_form_is_the_offices(client, plan_2023, demo_users):
    url = reverse("planning:cascade", args=[plan_2023.code])
    client.force_login(demo_users["caoloc"])
    page = client.get(url).content.decode()
    assert 'name="183__ntm"' not in page  # a district officer reads the table only
    assert client.post(url, {"183__ntm": "2"}).status_code == 403
    client.force_login(demo_users["vpdp"])
    response = client.post(url, {"183__ntm": "2", "189__ntm": "abc"})
    assert response.status_code == 200
    assert "«abc» không phải số xã" in response.content.decode()
    assert not plan_2023.children.exists()  # nothing half-saved
    response = client.post(url, {"183__ntm": "2", "189__tc5": "1"}, follow=True)
    assert "Đã lưu chỉ tiêu giao các huyện." in response.content.decode()
    assert plan_2023.children.count() == 2
    assert 'data-testid="sum-ntm">2/10' in response.content.decode()


def test_targeted_communes_are_chosen_within_ones_scope(client, plan_2023, demo_users, tan_lien):
    url = reverse("planning:targeted", args=[plan_2023.code])
    client.force_login(demo_users["caoloc"])
    page = client.get(url).content.decode()
    assert "Xã Tân Liên (Huyện Cao Lộc)" in page and "Xã Đình Lập" not in page
    response = client.post(url, {"unit": tan_lien.code, "level": "ntm"}, follow=True)
    assert "Đã thêm Xã Tân Liên vào danh sách phấn đấu" in response.content.decode()
    response = client.post(url, {"unit": "6628", "level": "ntm"})  # Xã Đình Lập: not theirs
    assert response.status_code == 200 and 'class="invalid-feedback' in response.content.decode()
    assert not TargetedCommune.objects.filter(unit__code="6628").exists()
    client.force_login(demo_users["lanhdao"])
    assert client.post(url, {"unit": tan_lien.code, "level": "ntm"}).status_code == 403


def test_reporting_a_figure_with_its_evidence(client, plan_2023, demo_users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("planning:report_actual", args=[plan_2023.code, "road_km"])
    client.force_login(demo_users["caoloc"])
    assert client.post(url, {"value": "10", "as_of": "2023-06-30"}).status_code == 403
    client.force_login(demo_users["vpdp"])
    pdf = SimpleUploadedFile("km.pdf", b"%PDF-1.4 so lieu", content_type="application/pdf")
    response = client.post(
        url,
        {"value": "1.234,5", "as_of": "2023-06-30", "note": "Sở GTVT", "evidence": pdf},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã ghi số liệu thực hiện" in page and "1.234,5" in page and "km.pdf" in page
    row = plan_2023.targets.get(key="road_km").reported.get()
    download = client.get(reverse("planning:evidence", args=[row.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    dashboard = client.get(reverse("planning:dashboard", args=[plan_2023.code]), {"huyen": ""})
    assert 'data-testid="actual-road_km">1.234,5' in dashboard.content.decode()
    # the file gone from disk (a database restored without its media): a 404 page
    row.evidence.storage.delete(row.evidence.name)
    missing = client.get(reverse("planning:evidence", args=[row.pk]))
    assert missing.status_code == 404
    assert "Tệp minh chứng «km.pdf» không còn trên máy chủ" in missing.content.decode()


def test_the_home_page_shows_the_overall_targets(client, plan_2023, demo_users):
    client.force_login(demo_users["tanlien"])
    page = client.get(reverse("home")).content.decode()
    assert "Mục tiêu tổng quát năm 2023" in page
    assert 'data-testid="home-ntm"' in page and "≥ 95/181 xã" in page
    assert "Chưa đủ số liệu" in page
