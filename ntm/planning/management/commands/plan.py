from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.cli_options import (
    JSON,
    NtmCommand,
    add_format,
    add_period,
    add_unit,
    period_option,
    unit_option,
)
from ntm.planning.checks import plan_check
from ntm.planning.models import Plan
from ntm.planning.progress import Progress, plan_progress
from ntm.planning.selectors import plan_get, plan_list
from ntm.planning.services import PlanImportError, plan_export, plan_import

DEFAULT_PLAN = Path(__file__).resolve().parents[3] / "data" / "plans" / "lang-son-2023.yaml"


class Command(NtmCommand):
    # Lazy: the class is built on import, before a language is active;
    # NtmCommand.create_parser turns it into text.
    help = gettext_lazy(
        "Kế hoạch: nạp tệp kế hoạch (import), kiểm tra tính nhất quán (check), liệt kê (list), "
        "xuất ra tệp (export), so sánh kế hoạch với thực hiện (progress)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help=_("nạp tệp kế hoạch YAML (tất cả hoặc không)"))
        imp.add_argument("file", type=Path, nargs="?", default=DEFAULT_PLAN)
        imp.add_argument(
            "--dry-run",
            action="store_true",
            help=_("chỉ kiểm tra và in những gì sẽ tạo"),
        )
        imp.add_argument(
            "--replace",
            action="store_true",
            help=_("thay kế hoạch cùng mã đã nạp trước đó"),
        )
        add_format(imp)
        check = sub.add_parser("check", help=_("kiểm tra tính nhất quán; mã thoát 1 nếu có lỗi"))
        check.add_argument("code")
        add_format(check)
        add_format(sub.add_parser("list", help=_("liệt kê các kế hoạch")))
        export = sub.add_parser("export", help=_("xuất kế hoạch ra YAML (cùng định dạng tệp nạp)"))
        export.add_argument("code")
        export.add_argument("file", type=Path, nargs="?")
        progress = sub.add_parser("progress", help=_("kế hoạch so với thực hiện"))
        progress.add_argument("code")
        add_period(
            progress,
            help=_("kỳ: 2023, 2023-Q2, 2023-06 (mặc định: kỳ mới nhất)"),
            old_names=["--ky"],
        )
        add_unit(
            progress,
            help=_("huyện: mã hoặc tên (mặc định: toàn tỉnh)"),
            old_names=["--huyen"],
        )
        add_format(progress)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"])(options)

    def _plan(self, code: str) -> Plan:
        plan = plan_get(code)
        if plan is None:
            raise CommandError(
                _("Không có kế hoạch mã «%(plan)s». Xem: ntm plan list") % {"plan": code}
            )
        return plan

    def _import(self, options: dict[str, Any]) -> None:
        try:
            result = plan_import(
                path=options["file"], replace=options["replace"], dry_run=options["dry_run"]
            )
        except PlanImportError as exc:
            for error in exc.errors:
                self.stderr.write(f"{options['file']}: {error}")
            raise CommandError(
                _("%(file)s: %(errors)s lỗi, không nạp gì.")
                % {"file": options["file"], "errors": len(exc.errors)}
            ) from exc
        report = None
        if result.plan is not None and not options["dry_run"]:
            report = plan_check(result.plan)
        if options["format"] == JSON:
            self.write_json(
                {
                    "plan": result.spec.code,
                    "action": result.action,
                    "message": result.message,
                    "summary": result.summary if options["dry_run"] else [],
                    "check": None
                    if report is None
                    else {"errors": len(report.errors), "warnings": len(report.warnings)},
                }
            )
            return
        if options["dry_run"]:
            for line in result.summary:
                self.stdout.write(line)
        self.stdout.write(result.message)
        if report is not None and report.findings and result.plan is not None:
            self.stdout.write(
                _("Kiểm tra: %(errors)s lỗi, %(warnings)s cảnh báo (xem: ntm plan check %(plan)s).")
                % {
                    "errors": len(report.errors),
                    "warnings": len(report.warnings),
                    "plan": result.plan.code,
                }
            )

    def _check(self, options: dict[str, Any]) -> None:
        plan = self._plan(options["code"])
        report = plan_check(plan)
        if options["format"] == JSON:
            self.write_json(
                {
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
            )
        else:
            self.stdout.write(
                _("Kiểm tra kế hoạch %(plan)s: %(title)s")
                % {"plan": plan.code, "title": plan.title}
            )
            for finding in report.findings:
                self.stdout.write(str(finding))
            for line in report.passed:
                self.stdout.write(_("ĐẠT: %(check)s") % {"check": line})
            self.stdout.write(
                _("Kết quả: %(errors)s lỗi, %(warnings)s cảnh báo.")
                % {"errors": len(report.errors), "warnings": len(report.warnings)}
            )
        if report.errors:
            sys.exit(1)

    def _list(self, options: dict[str, Any]) -> None:
        plans = [(plan, plan.n_targets, plan.n_districts) for plan in plan_list()]
        if options["format"] == JSON:
            self.write_json(
                [
                    {
                        "code": plan.code,
                        "year": plan.year,
                        "unit": {"code": plan.unit.code, "name": plan.unit.name},
                        "title": plan.title,
                        "targets": n_targets,
                        "districts_assigned": n_districts,
                    }
                    for plan, n_targets, n_districts in plans
                ]
            )
            return
        for plan, n_targets, n_districts in plans:
            # The counts are padded here so the columns line up in every language.
            counts = _("%(targets)s chỉ tiêu, %(districts)s huyện đã giao") % {
                "targets": f"{n_targets:>3}",
                "districts": f"{n_districts:>2}",
            }
            self.stdout.write(
                f"{plan.code:<22} {plan.year}  {plan.unit.name:<18} {counts}  {plan.title}"
            )

    def _export(self, options: dict[str, Any]) -> None:
        plan = self._plan(options["code"])
        text = yaml.safe_dump(plan_export(plan), allow_unicode=True, sort_keys=False, width=100)
        if options["file"]:
            options["file"].write_text(text, encoding="utf-8")
            self.stdout.write(_("Đã ghi %(path)s.") % {"path": options["file"]})
        else:
            self.stdout.write(text)

    def _progress(self, options: dict[str, Any]) -> None:
        plan = self._plan(options["code"])
        scope = None
        if options["unit"]:
            scope = unit_option(options["unit"])
            plan = plan.children.filter(unit=scope).first() or plan
        progress = plan_progress(plan, period_option(options["period"]), scope=scope)
        if options["format"] == JSON:
            self.write_json(_progress_json(plan, progress))
            return
        self.stdout.write(
            _(
                "%(plan)s · %(scope)s · %(period)s · "
                "%(reported)s/%(communes)s xã có số liệu đã phê duyệt"
            )
            % {
                "plan": plan.title,
                "scope": progress.scope.name,
                "period": progress.period,
                "reported": progress.reported,
                "communes": progress.communes,
            }
        )
        for row in progress.rows:
            self.stdout.write(
                f"  {row.goal:<22} {row.actual_text:<18} {row.status.label:<22} {row.target.label}"
            )
        counts = ", ".join(f"{s.label}: {n}" for s, n in progress.status_counts)
        self.stdout.write(
            _("Tổng hợp: %(counts)s") % {"counts": counts} if counts else _("Chưa có chỉ tiêu.")
        )


def _progress_json(plan: Plan, progress: Progress) -> dict[str, Any]:
    return {
        "plan": plan.code,
        "title": plan.title,
        "scope": {"code": progress.scope.code, "name": progress.scope.name},
        "period": progress.period.code,
        "communes": progress.communes,
        "reported": progress.reported,
        "targets": [
            {
                "key": row.target.key,
                "label": row.target.label,
                "goal": row.goal,
                "actual": None if row.value is None else float(row.value),
                "actual_text": row.actual_text,
                "status": str(row.status),
                "status_label": row.status.label,
            }
            for row in progress.rows
        ],
        "status_counts": {str(s): n for s, n in progress.status_counts},
    }
