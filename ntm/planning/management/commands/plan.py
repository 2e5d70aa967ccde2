from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.planning.checks import plan_check
from ntm.planning.progress import ProgressError, plan_progress
from ntm.planning.selectors import plan_get, plan_list
from ntm.planning.services import PlanImportError, plan_export, plan_import
from ntm.units.models import AdminUnit

DEFAULT_PLAN = Path(__file__).resolve().parents[3] / "data" / "plans" / "lang-son-2023.yaml"


class Command(BaseCommand):
    help = (
        "Kế hoạch: nạp tệp kế hoạch (import), kiểm tra tính nhất quán (check), liệt kê (list), "
        "xuất ra tệp (export), so sánh kế hoạch với thực hiện (progress)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="nạp tệp kế hoạch YAML (tất cả hoặc không)")
        imp.add_argument("file", type=Path, nargs="?", default=DEFAULT_PLAN)
        imp.add_argument(
            "--dry-run", action="store_true", help="chỉ kiểm tra và in những gì sẽ tạo"
        )
        imp.add_argument(
            "--replace", action="store_true", help="thay kế hoạch cùng mã đã nạp trước đó"
        )
        check = sub.add_parser("check", help="kiểm tra tính nhất quán; mã thoát 1 nếu có lỗi")
        check.add_argument("code")
        check.add_argument("--format", choices=["text", "json"], default="text")
        sub.add_parser("list", help="liệt kê các kế hoạch")
        export = sub.add_parser("export", help="xuất kế hoạch ra YAML (cùng định dạng tệp nạp)")
        export.add_argument("code")
        export.add_argument("file", type=Path, nargs="?")
        progress = sub.add_parser("progress", help="kế hoạch so với thực hiện")
        progress.add_argument("code")
        progress.add_argument("--ky", help="kỳ: 2023, 2023-Q2, 2023-06 (mặc định: kỳ mới nhất)")
        progress.add_argument("--huyen", help="mã huyện (mặc định: toàn tỉnh)")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"])(options)

    def _plan(self, code: str) -> Any:
        plan = plan_get(code)
        if plan is None:
            raise CommandError(f"Không có kế hoạch mã «{code}». Xem: ntm plan list")
        return plan

    def _import(self, options: dict[str, Any]) -> None:
        try:
            result = plan_import(
                path=options["file"], replace=options["replace"], dry_run=options["dry_run"]
            )
        except PlanImportError as exc:
            for error in exc.errors:
                self.stderr.write(f"{options['file']}: {error}")
            raise CommandError(f"{options['file']}: {len(exc.errors)} lỗi, không nạp gì.") from exc
        if options["dry_run"]:
            for line in result.summary:
                self.stdout.write(line)
        self.stdout.write(result.message)
        if result.plan is not None and not options["dry_run"]:
            report = plan_check(result.plan)
            if report.findings:
                self.stdout.write(
                    f"Kiểm tra: {len(report.errors)} lỗi, {len(report.warnings)} cảnh báo "
                    f"(xem: ntm plan check {result.plan.code})."
                )

    def _check(self, options: dict[str, Any]) -> None:
        plan = self._plan(options["code"])
        report = plan_check(plan)
        if options["format"] == "json":
            data = {
                "plan": plan.code,
                "errors": len(report.errors),
                "warnings": len(report.warnings),
                "findings": [
                    {
                        "rule": f.rule,
                        "severity": str(f.severity),
                        "target": f.target,
                        "message": f.message,
                        "stated": f.stated,
                        "expected": f.expected,
                    }
                    for f in report.findings
                ],
                "passed": report.passed,
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"Kiểm tra kế hoạch {plan.code}: {plan.title}")
            for finding in report.findings:
                self.stdout.write(str(finding))
            for line in report.passed:
                self.stdout.write(f"ĐẠT: {line}")
            self.stdout.write(
                f"Kết quả: {len(report.errors)} lỗi, {len(report.warnings)} cảnh báo."
            )
        if report.errors:
            sys.exit(1)

    def _list(self, options: dict[str, Any]) -> None:
        for plan in plan_list():
            self.stdout.write(
                f"{plan.code:<22} {plan.year}  {plan.unit.name:<18} "
                f"{plan.n_targets:>3} chỉ tiêu, {plan.n_districts:>2} huyện đã giao  {plan.title}"
            )

    def _export(self, options: dict[str, Any]) -> None:
        plan = self._plan(options["code"])
        text = yaml.safe_dump(plan_export(plan), allow_unicode=True, sort_keys=False, width=100)
        if options["file"]:
            options["file"].write_text(text, encoding="utf-8")
            self.stdout.write(f"Đã ghi {options['file']}.")
        else:
            self.stdout.write(text)

    def _progress(self, options: dict[str, Any]) -> None:
        plan = self._plan(options["code"])
        scope = None
        if options["huyen"]:
            scope = AdminUnit.objects.filter(code=options["huyen"]).first()
            if scope is None:
                raise CommandError(f"Không có đơn vị mã «{options['huyen']}».")
            plan = plan.children.filter(unit=scope).first() or plan
        try:
            progress = plan_progress(plan, options["ky"], scope=scope)
        except ProgressError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{plan.title} · {progress.scope.name} · {progress.period} · "
            f"{progress.reported}/{progress.communes} xã có số liệu đã phê duyệt"
        )
        for row in progress.rows:
            self.stdout.write(
                f"  {row.target.key:<22} {row.goal:<22} {row.actual_text:<18} "
                f"{row.status.label:<22} {row.target.label}"
            )
        counts = ", ".join(f"{s.label}: {n}" for s, n in progress.status_counts)
        self.stdout.write(f"Tổng hợp: {counts}" if counts else "Chưa có chỉ tiêu.")
