from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.cli_options import NtmCommand
from ntm.core.numbers_vi import format_count, format_seconds
from ntm.ops.restore import restore_archive


class Command(NtmCommand):
    help = gettext_lazy(
        "Khôi phục cơ sở dữ liệu và các tệp đính kèm từ một tệp sao lưu của «ntm backup». "
        "Mọi kiểm tra chạy trước khi ghi; ghi trong một giao dịch."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help=_("tệp sao lưu .tar.gz"))
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_("xóa hết dữ liệu hiện có và thay bằng tệp sao lưu"),
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("chỉ kiểm tra tệp sao lưu (tổng kiểm tra, phiên bản), không ghi gì"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = restore_archive(
            path=options["archive"],
            replace=options["replace"],
            check_only=options["check"],
            say=self.stdout.write,
        )
        if options["check"]:
            self.stdout.write(_("Kiểm tra xong: có thể khôi phục tệp sao lưu này."))
            return
        self.stdout.write(
            _(
                "Đã khôi phục %(rows)s dòng của %(tables)s bảng và %(files)s tệp đính kèm "
                "trong %(seconds)s giây."
            )
            % {
                "rows": format_count(result.rows),
                "tables": result.tables,
                "files": format_count(result.media_files),
                "seconds": format_seconds(result.seconds),
            }
        )
