from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.cli_options import JSON, NtmCommand, add_format
from ntm.units.selectors import unit_stats
from ntm.units.services import UnitImportError, unit_changes_import, units_import

DEFAULT_CSV = Path(__file__).resolve().parents[3] / "data" / "units" / "lang-son-2023.csv"
DEFAULT_CHANGES = DEFAULT_CSV.with_name("lang-son-changes.csv")
# Lower-case, as they read inside a sentence (UnitType's labels are capitalised).
TYPE_LABELS = {
    "tinh": gettext_lazy("tỉnh"),
    "huyen": gettext_lazy("huyện"),
    "thanh_pho": gettext_lazy("thành phố thuộc tỉnh"),
    "xa": gettext_lazy("xã"),
    "phuong": gettext_lazy("phường"),
    "thi_tran": gettext_lazy("thị trấn"),
    "thon": gettext_lazy("thôn"),
}


class Command(NtmCommand):
    # Lazy: the class is built on import, before a language is active;
    # NtmCommand.create_parser turns it into text.
    help = gettext_lazy("Đơn vị hành chính: nạp từ CSV (import) và thống kê (stats).")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help=_("nạp đơn vị từ tệp CSV (tất cả hoặc không)"))
        imp.add_argument("file", nargs="?", type=Path, default=DEFAULT_CSV)
        imp.add_argument(
            "--changes",
            type=Path,
            default=None,
            help=_("tệp biến động (nhập, chia tách...); mặc định: tệp đi kèm danh mục Lạng Sơn"),
        )
        imp.add_argument(
            "--overwrite-flags",
            action="store_true",
            help=_("ghi đè cả các cờ biên giới, ĐBKK, huyện nghèo đã sửa trên hệ thống"),
        )
        add_format(imp)
        add_format(sub.add_parser("stats", help=_("số đơn vị theo loại và theo huyện")))

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
                _("Không nạp %(path)s: %(errors)s lỗi, không có thay đổi nào được ghi.")
                % {"path": path, "errors": len(exc.errors)}
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
        counts = {
            "file": path.name,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "changes": n_changes,
        }
        if changes:
            message = _(
                "Đã nạp %(file)s: %(created)s mới, %(updated)s cập nhật, "
                "%(unchanged)s không đổi; %(changes)s biến động mới."
            )
        else:
            message = _(
                "Đã nạp %(file)s: %(created)s mới, %(updated)s cập nhật, %(unchanged)s không đổi."
            )
        self.stdout.write(message % counts)

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
        self.stdout.write(_("Số đơn vị theo loại:"))
        for type_code, count in stats.by_type.items():
            self.stdout.write(f"  {TYPE_LABELS.get(type_code, type_code)!s}: {count}")
        self.stdout.write(
            _("Đơn vị cấp huyện: %(districts)s") % {"districts": len(stats.districts)}
        )
        for name, n_units, n_programme in stats.districts:
            self.stdout.write(
                "  "
                + _("%(district)s: %(units)s đơn vị cấp xã, %(programme)s xã thuộc Chương trình")
                % {"district": name, "units": n_units, "programme": n_programme}
            )
        self.stdout.write(
            _("Xã thuộc Chương trình NTM: %(communes)s") % {"communes": stats.programme_communes}
        )
