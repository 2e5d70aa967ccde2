"""Texts stored now and shown later in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext_noop

from ntm.jobs.models import Job
from ntm.jobs.services import job_create, job_fail
from ntm.stored_text import Message, shown, stored


def test_a_message_is_stored_as_vietnamese_and_translated_when_shown():
    author = Message(gettext_noop("%(name)s lúc %(time)s"), {"name": "An", "time": "08:00"})
    message = Message(gettext_noop("Lỗi khi ghi số liệu: %(error)s"), {"error": "x"})
    text, source = stored(
        Message(gettext_noop("%(where)s: %(message)s"), {"where": author, "message": message})
    )
    assert text == "An lúc 08:00: Lỗi khi ghi số liệu: x"
    with translation.override("en"):
        assert shown(text, source) == "An at 08:00: Error while writing the figures: x"
    with translation.override("vi"):
        assert shown(text, source) == text


def test_lists_of_messages_and_messages_without_parameters():
    suggestions = [Message(gettext_noop("%(name)s (mã %(code)s)"), {"name": "A", "code": "1"})] * 2
    message = Message(
        gettext_noop("không tìm thấy xã «%(name)s»; có phải: %(suggestions)s?"),
        {"name": "B", "suggestions": suggestions},
    )
    again = Message.from_json(message.to_json())
    assert again == message
    assert again.source() == "không tìm thấy xã «B»; có phải: A (mã 1); A (mã 1)?"
    with translation.override("en"):
        assert str(Message(gettext_noop("(trống)"))) == "(empty)"
        assert "did you mean: A (code 1); A (code 1)?" in again.translated()


def test_plain_text_and_older_rows_are_shown_as_they_are():
    assert stored("Nạp số liệu 100%") == ("Nạp số liệu 100%", {})
    with translation.override("en"):
        assert shown("Nạp số liệu 100%", {}) == "Nạp số liệu 100%"


@pytest.mark.django_db
def test_a_jobs_title_and_message_are_translated_when_shown():
    title = Message(gettext_noop("Đánh giá lại theo bộ tiêu chí %(set)s"), {"set": "xa-ntm"})
    job = job_create(kind="recompute", title=title)
    job_fail(
        job_id=job.pk,
        message=Message(gettext_noop("Lỗi khi đánh giá lại: %(error)s"), {"error": "hỏng"}),
    )
    job.refresh_from_db()
    assert (job.title, job.message) == (
        "Đánh giá lại theo bộ tiêu chí xa-ntm",
        "Lỗi khi đánh giá lại: hỏng",
    )
    with translation.override("en"):
        assert job.title_display == "Re-evaluation against criteria set xa-ntm"
        assert job.message_display == "Error while re-evaluating: hỏng"
    older = Job.objects.create(kind="import", title="Việc cũ", message="Đã xong việc cũ.")
    with translation.override("en"):
        assert (older.title_display, older.message_display) == ("Việc cũ", "Đã xong việc cũ.")
