"""``ntm jobs``: background jobs from the command line.

ntm jobs recover [--stale-seconds N] [--format json]

Run it before starting a worker (systemd ``ExecStartPre``) and from a timer:
jobs whose worker died are marked failed and their import batches released,
even if nobody opens their page."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.cli_options import JSON, NtmCommand, add_format
from ntm.jobs.heartbeat import stale_seconds
from ntm.jobs.recovery import jobs_recover


class Command(NtmCommand):
    help = gettext_lazy(
        "Tác vụ nền: đánh dấu lỗi các tác vụ mà máy chủ xử lý đã dừng giữa chừng (recover)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        recover = sub.add_parser(
            "recover", help=_("tìm và đánh dấu lỗi các tác vụ bị gián đoạn, trả lại lần nhập")
        )
        recover.add_argument(
            "--stale-seconds",
            type=int,
            default=None,
            help=_(
                "coi là gián đoạn khi không còn hoạt động quá số giây này "
                "(mặc định: biến môi trường NTM_JOB_STALE_SECONDS)"
            ),
        )
        add_format(recover)

    def handle(self, *args: Any, **options: Any) -> None:
        seconds = options["stale_seconds"]
        if seconds is not None and seconds < 1:
            seconds = 1
        failed = jobs_recover(seconds=seconds)
        if options["format"] == JSON:
            self.write_json({"failed": failed, "stale_seconds": seconds or stale_seconds()})
            return
        if failed:
            self.stdout.write(
                _("Đã đánh dấu lỗi %(count)s tác vụ bị gián đoạn: %(ids)s.")
                % {"count": len(failed), "ids": ", ".join(str(pk) for pk in failed)}
            )
        else:
            self.stdout.write(_("Không có tác vụ nào bị gián đoạn."))
