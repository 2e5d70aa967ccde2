from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.cli_options import NtmCommand
from ntm.core.numbers_vi import format_count, format_seconds
from ntm.ops.backup import backup_create, default_archive_name


class Command(NtmCommand):
    help = gettext_lazy(
        "Sao lưu cơ sở dữ liệu và các tệp đính kèm vào một tệp .tar.gz "
        "(mặc định trong NTM_BACKUP_DIR)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            type=Path,
            help=_("đường dẫn tệp sao lưu (mặc định: NTM_BACKUP_DIR/ntm-NGÀY-GIỜ.tar.gz)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["out"] or Path(settings.NTM_BACKUP_DIR) / default_archive_name()
        result = backup_create(path=path, say=self.stdout.write)
        self.stdout.write(
            _(
                "Đã sao lưu %(rows)s dòng của %(tables)s bảng và %(files)s tệp đính kèm "
                "vào %(path)s (%(size)s byte) trong %(seconds)s giây."
            )
            % {
                "rows": format_count(result.rows),
                "tables": result.tables,
                "files": format_count(result.media_files),
                "path": result.path,
                "size": format_count(result.size),
                "seconds": format_seconds(result.seconds),
            }
        )
