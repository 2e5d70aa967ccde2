from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ntm.units.selectors import unit_stats
from ntm.units.services import UnitImportError, unit_changes_import, units_import

DEFAULT_CSV = Path(__file__).resolve().parents[3] / "data" / "units" / "lang-son-2023.csv"
DEFAULT_CHANGES = DEFAULT_CSV.with_name("lang-son-changes.csv")
TYPE_LABELS = {
    "tinh": "tỉnh",
    "huyen": "huyện",
    "thanh_pho": "thành phố thuộc tỉnh",
    "xa": "xã",
    "phuong": "phường",
    "thi_tran": "thị trấn",
    "thon": "thôn",
}


class Command(BaseCommand):
    help = "Đơn vị hành chính: nạp từ CSV (import) và thống kê (stats)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="nạp đơn vị từ tệp CSV (tất cả hoặc không)")
        imp.add_argument("file", nargs="?", type=Path, default=DEFAULT_CSV)
        imp.add_argument(
            "--changes",
            type=Path,
            default=None,
            help="tệp biến động (nhập, chia tách...); mặc định: tệp đi kèm danh mục Lạng Sơn",
        )
        imp.add_argument(
            "--overwrite-flags",
            action="store_true",
            help="ghi đè cả các cờ biên giới, ĐBKK, huyện nghèo đã sửa trên hệ thống",
        )
        sub.add_parser("stats", help="số đơn vị theo loại và theo huyện")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            changes = options["changes"]
            if changes is None and options["file"] == DEFAULT_CSV:
                changes = DEFAULT_CHANGES
            self._import(options["file"], options["overwrite_flags"], changes)
        else:
            self._stats()

    def _import(self, path: Path, overwrite_flags: bool, changes: Path | None) -> None:
        try:
            with transaction.atomic():
                result = units_import(path=path, overwrite_flags=overwrite_flags)
                n_changes = unit_changes_import(path=changes) if changes else 0
        except UnitImportError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Không nạp {path}: {len(exc.errors)} lỗi, không có thay đổi nào được ghi."
            ) from exc
        self.stdout.write(
            f"Đã nạp {path.name}: {result.created} mới, {result.updated} cập nhật, "
            f"{result.unchanged} không đổi" + (f"; {n_changes} biến động mới." if changes else ".")
        )

    def _stats(self) -> None:
        stats = unit_stats()
        self.stdout.write("Số đơn vị theo loại:")
        for type_code, count in stats.by_type.items():
            self.stdout.write(f"  {TYPE_LABELS.get(type_code, type_code)}: {count}")
        self.stdout.write(f"Đơn vị cấp huyện: {len(stats.districts)}")
        for name, n_units, n_programme in stats.districts:
            self.stdout.write(
                f"  {name}: {n_units} đơn vị cấp xã, {n_programme} xã thuộc Chương trình"
            )
        self.stdout.write(f"Xã thuộc Chương trình NTM: {stats.programme_communes}")
