from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import transaction

from ntm.cli_options import JSON, NtmCommand, add_format
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


class Command(NtmCommand):
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
        add_format(imp)
        add_format(sub.add_parser("stats", help="số đơn vị theo loại và theo huyện"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            changes = options["changes"]
            if changes is None and options["file"] == DEFAULT_CSV:
                changes = DEFAULT_CHANGES
            self._import(options["file"], options["overwrite_flags"], changes, options["format"])
        else:
            self._stats(options["format"])

    def _import(self, path: Path, overwrite_flags: bool, changes: Path | None, output: str) -> None:
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
        if output == JSON:
            self.write_json(
                {
                    "file": str(path),
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "changes": n_changes if changes else None,
                }
            )
            return
        self.stdout.write(
            f"Đã nạp {path.name}: {result.created} mới, {result.updated} cập nhật, "
            f"{result.unchanged} không đổi" + (f"; {n_changes} biến động mới." if changes else ".")
        )

    def _stats(self, output: str) -> None:
        stats = unit_stats()
        if output == JSON:
            self.write_json(
                {
                    "by_type": stats.by_type,
                    "districts": [
                        {"name": name, "units": n_units, "programme_communes": n_programme}
                        for name, n_units, n_programme in stats.districts
                    ],
                    "programme_communes": stats.programme_communes,
                }
            )
            return
        self.stdout.write("Số đơn vị theo loại:")
        for type_code, count in stats.by_type.items():
            self.stdout.write(f"  {TYPE_LABELS.get(type_code, type_code)}: {count}")
        self.stdout.write(f"Đơn vị cấp huyện: {len(stats.districts)}")
        for name, n_units, n_programme in stats.districts:
            self.stdout.write(
                f"  {name}: {n_units} đơn vị cấp xã, {n_programme} xã thuộc Chương trình"
            )
        self.stdout.write(f"Xã thuộc Chương trình NTM: {stats.programme_communes}")
