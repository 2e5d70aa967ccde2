"""``ntm data``: the Excel exchange from the command line.

ntm data template --unit CODE --period P --out FILE
ntm data import FILE --user USERNAME [--dry-run] [--period P]
ntm data export --period P --format xlsx|csv|json --out FILE [--unit CODE]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.accounts.models import User
from ntm.exchange.exports import dataset_csv, dataset_json, dataset_xlsx
from ntm.exchange.layout import cell_ref
from ntm.exchange.selectors import ExchangeError, dataset, template_data
from ntm.exchange.services import import_check, import_commit, import_upload
from ntm.exchange.template_writer import template_workbook
from ntm.exchange.validation import ImportRefused, Preview, verdict_label
from ntm.units.models import AdminUnit, UnitType


class Command(BaseCommand):
    help = (
        "Trao đổi số liệu bằng Excel: tải biểu mẫu (template), nhập tệp đã điền (import, "
        "--dry-run để chạy thử), xuất số liệu của một kỳ (export)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        tpl = sub.add_parser("template", help="tạo biểu mẫu Excel cho một phạm vi và kỳ")
        tpl.add_argument("--unit", required=True, help="mã tỉnh, huyện hoặc xã")
        tpl.add_argument("--period", required=True, help="kỳ: 2023, 2023-Q1 hoặc 2023-03")
        tpl.add_argument("--out", required=True, type=Path, help="tệp .xlsx ghi ra")
        tpl.add_argument("--user", help="tên đăng nhập ghi vào biểu mẫu là người tải")
        imp = sub.add_parser("import", help="nhập tệp Excel đã điền (tất cả hoặc không gì)")
        imp.add_argument("file", type=Path)
        imp.add_argument(
            "--user",
            required=True,
            help="tên đăng nhập: quyền của tài khoản này được kiểm tra, và được ghi là người nhập",
        )
        imp.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
        imp.add_argument("--period", help="kỳ của bảng tự lập (biểu mẫu của hệ thống đã ghi kỳ)")
        imp.add_argument(
            "--limit", type=int, default=50, help="số thay đổi in ra (mặc định 50; 0: tất cả)"
        )
        exp = sub.add_parser("export", help="xuất toàn bộ số liệu của một kỳ")
        exp.add_argument("--period", required=True)
        exp.add_argument("--format", choices=["xlsx", "csv", "json"], default="xlsx")
        exp.add_argument("--out", required=True, type=Path)
        exp.add_argument("--unit", help="mã tỉnh, huyện hoặc xã (mặc định: tỉnh)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except (ExchangeError, ImportRefused) as exc:
            raise CommandError(str(exc)) from exc

    def _unit(self, code: str | None) -> AdminUnit:
        if code is None:
            unit = AdminUnit.objects.filter(type=UnitType.PROVINCE).order_by("code").first()
            if unit is None:
                raise CommandError("Chưa có đơn vị hành chính: chạy `ntm units import` trước.")
            return unit
        unit = AdminUnit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã «{code}».")
        return unit

    def _template(self, options: dict[str, Any]) -> None:
        unit = self._unit(options["unit"])
        data = template_data(unit, options["period"])
        options["out"].write_bytes(template_workbook(data, generated_by=options["user"] or ""))
        self.stdout.write(
            f"Đã ghi biểu mẫu {options['out']}: {unit.name}, {data.period_label}, "
            f"{len(data.rows)} xã × {len(data.columns)} chỉ tiêu."
        )

    def _import(self, options: dict[str, Any]) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"Không có tài khoản «{options['user']}» đang hoạt động.")
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror}") from exc
        preview = import_check(
            user=user, data=data, filename=path.name, period_code=options["period"]
        )
        self._print_preview(preview, options["limit"])
        if preview.errors or preview.conflicts:
            raise CommandError(
                f"Tệp có {len(preview.errors)} lỗi và {len(preview.conflicts)} xung đột: "
                "không ghi gì cả."
            )
        if options["dry_run"]:
            self.stdout.write("Chạy thử: không có gì được ghi.")
            return
        if not preview.changes:
            self.stdout.write("Không có thay đổi nào để ghi.")
            return
        batch = import_upload(
            user=user, data=data, filename=path.name, period_code=options["period"]
        )
        batch = import_commit(user=user, batch=batch, background=False)
        self.stdout.write(self.style.SUCCESS(f"{batch.message} (lần nhập số {batch.pk})"))

    def _print_preview(self, preview: Preview, limit: int) -> None:
        kind = (
            f"biểu mẫu phiên bản {preview.template_version}"
            if preview.kind == "template"
            else "bảng tự lập"
        )
        self.stdout.write(
            f"Tệp: {kind} · kỳ {preview.period_label} · {preview.set_name} · trang "
            f"'{preview.data_sheet}' · {len(preview.units)} xã · {len(preview.changes)} thay đổi · "
            f"{len(preview.errors)} lỗi · {len(preview.conflicts)} xung đột"
        )
        for issue in preview.errors:
            self.stdout.write(f"  LỖI  {issue.text}")
        for issue in preview.conflicts:
            self.stdout.write(f"  XUNG ĐỘT  {issue.text}")
        for issue in preview.warnings:
            self.stdout.write(f"  LƯU Ý  {issue.text}")
        units = {u.unit_id: u for u in preview.units}
        shown = preview.changes if limit <= 0 else preview.changes[:limit]
        for c in shown:
            unit = units[c.unit_id]
            verdict = verdict_label(c.new_verdict)
            self.stdout.write(
                f"  {unit.name} ({unit.code}) ô {cell_ref(c.row, c.col)} {c.code}: "
                f"{c.old_raw or '(trống)'} → {c.new_raw or '(trống)'}"
                + (f" [{verdict}]" if verdict else "")
            )
        if len(shown) < len(preview.changes):
            self.stdout.write(f"  … và {len(preview.changes) - len(shown)} thay đổi khác")

    def _export(self, options: dict[str, Any]) -> None:
        unit = self._unit(options["unit"])
        data = dataset(unit, options["period"])
        out: Path = options["out"]
        if options["format"] == "xlsx":
            out.write_bytes(dataset_xlsx(data))
        elif options["format"] == "csv":
            out.write_bytes(dataset_csv(data))
        else:
            out.write_text(
                json.dumps(dataset_json(data), ensure_ascii=False, indent=1), encoding="utf-8"
            )
        reported = sum(1 for r in data.rows if r.report_id is not None)
        self.stdout.write(
            f"Đã xuất {out}: {unit.name}, {data.period_label}, {len(data.rows)} xã "
            f"({reported} có báo cáo), {len(data.columns)} cột chỉ tiêu."
        )
