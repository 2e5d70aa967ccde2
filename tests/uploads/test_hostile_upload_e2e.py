"""In a real browser: a commune officer uploads a crafted workbook (cells at
A1 and XFD1048576, then a zip bomb) and reads the Vietnamese refusal naming
the limit; nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.uploads.hostile import cells, sheet_xml, xlsx, zeros_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_commune_officer_sees_the_refusal_of_a_hostile_file(
    criteria_db, demo_users, page, login_as, live_server, tmp_path: Path
):
    from ntm.exchange.models import ImportBatch
    from ntm.monitoring.models import IndicatorValue

    far = tmp_path / "so-lieu.xlsx"
    far.write_bytes(xlsx([sheet_xml(cells("A1", "XFD1048576"))]))
    bomb = tmp_path / "bom.xlsx"
    bomb.write_bytes(zeros_member("xl/worksheets/sheet1.xml", 150 * 1024 * 1024))
    login_as("tanlien")
    for path, words in (
        (far, "có dữ liệu ở ô XFD1048576"),
        (bomb, "khi giải nén lớn 150,0 MB, vượt giới hạn 100,0 MB"),
    ):
        page.goto(f"{live_server.url}/du-lieu/")
        page.get_by_label("Tệp Excel", exact=True).set_input_files(str(path))
        page.get_by_role("button", name="Tải lên và xem trước").click()
        error = page.get_by_test_id("upload-error")
        expect(error).to_contain_text(words)
        expect(error).to_contain_text("Không có gì được ghi.")
    assert not ImportBatch.objects.exists()
    assert not IndicatorValue.objects.exists()
