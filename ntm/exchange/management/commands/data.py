"""``ntm data``: the Excel exchange from the command line.

ntm data template --unit CODE --period P --out FILE
ntm data import FILE --user USERNAME [--dry-run] [--period P]
ntm data export --period P --format xlsx|csv|json --out FILE [--unit CODE]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.cli_options import (
    CSV,
    JSON,
    XLSX,
    NtmCommand,
    add_format,
    add_period,
    add_unit,
    add_user,
    period_option,
    unit_option,
    user_option,
)
from ntm.exchange.exports import dataset_csv, dataset_json, dataset_xlsx
from ntm.exchange.layout import cell_ref
from ntm.exchange.selectors import dataset, template_data
from ntm.exchange.services import import_check, import_commit, import_upload
from ntm.exchange.template_writer import template_workbook
from ntm.exchange.validation import Issue, Preview, verdict_label


class Command(NtmCommand):
    help = gettext_lazy(
        "Trao đổi số liệu bằng Excel: tải biểu mẫu (template), nhập tệp đã điền (import, "
        "--dry-run để chạy thử), xuất số liệu của một kỳ (export)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        tpl = sub.add_parser("template", help=_("tạo biểu mẫu Excel cho một phạm vi và kỳ"))
        add_unit(tpl, required=True, help=_("tỉnh, huyện hoặc xã: mã hoặc tên"))
        add_period(tpl, required=True)
        tpl.add_argument("--out", required=True, type=Path, help=_("tệp .xlsx ghi ra"))
        add_user(tpl, help=_("tên đăng nhập ghi vào biểu mẫu là người tải"))
        add_format(tpl, help=_("dạng của dòng kết quả in ra (text, json)"))
        imp = sub.add_parser("import", help=_("nhập tệp Excel đã điền (tất cả hoặc không gì)"))
        imp.add_argument("file", type=Path)
        add_user(
            imp,
            required=True,
            help=_(
                "tên đăng nhập: quyền của tài khoản này được kiểm tra, và được ghi là người nhập"
            ),
        )
        imp.add_argument("--dry-run", action="store_true", help=_("chỉ kiểm tra, không ghi gì"))
        add_period(imp, help=_("kỳ của bảng tự lập (biểu mẫu của hệ thống đã ghi kỳ)"))
        imp.add_argument(
            "--limit", type=int, default=50, help=_("số thay đổi in ra (mặc định 50; 0: tất cả)")
        )
        add_format(imp)
        exp = sub.add_parser("export", help=_("xuất toàn bộ số liệu của một kỳ"))
        add_period(exp, required=True)
        add_format(
            exp,
            (XLSX, CSV, JSON),
            default=XLSX,
            help=_("dạng tệp ghi ra (mặc định: xlsx); với json, dòng kết quả cũng là JSON"),
        )
        exp.add_argument("--out", required=True, type=Path)
        add_unit(exp, help=_("tỉnh, huyện hoặc xã: mã hoặc tên (mặc định: tỉnh)"))

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _template(self, options: dict[str, Any]) -> None:
        unit = unit_option(options["unit"])
        user = user_option(options["user"]) if options["user"] else None
        data = template_data(unit, period_option(options["period"]) or "")
        options["out"].write_bytes(
            template_workbook(data, generated_by=user.username if user else "")
        )
        if options["format"] == JSON:
            self.write_json(
                {
                    "out": str(options["out"]),
                    "unit": {"code": unit.code, "name": unit.name},
                    "period": data.period.code,
                    "communes": len(data.rows),
                    "indicators": len(data.columns),
                }
            )
            return
        self.stdout.write(
            _(
                "Đã ghi biểu mẫu %(path)s: %(unit)s, %(period)s, "
                "%(communes)s xã × %(indicators)s chỉ tiêu."
            )
            % {
                "path": options["out"],
                "unit": unit.name,
                "period": data.period_label,
                "communes": len(data.rows),
                "indicators": len(data.columns),
            }
        )

    def _import(self, options: dict[str, Any]) -> None:
        user = user_option(options["user"])
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Không đọc được tệp %(path)s: %(reason)s")
                % {"path": path, "reason": exc.strerror}
            ) from exc
        period = period_option(options["period"])
        preview = import_check(user=user, data=data, filename=path.name, period_code=period)
        as_json = options["format"] == JSON
        if not as_json:
            self._print_preview(preview, options["limit"])
        refused = bool(preview.errors or preview.conflicts)
        batch = None
        if not refused and not options["dry_run"] and preview.changes:
            batch = import_upload(user=user, data=data, filename=path.name, period_code=period)
            batch = import_commit(user=user, batch=batch, background=False)
        if as_json:
            self.write_json(
                {
                    **_preview_json(preview, options["limit"]),
                    "dry_run": options["dry_run"],
                    "committed": batch is not None,
                    "batch": batch.pk if batch else None,
                    "message": batch.message if batch else "",
                }
            )
        if refused:
            raise CommandError(
                _("Tệp có %(errors)s lỗi và %(conflicts)s xung đột: không ghi gì cả.")
                % {"errors": len(preview.errors), "conflicts": len(preview.conflicts)}
            )
        if as_json:
            return
        if options["dry_run"]:
            self.stdout.write(_("Chạy thử: không có gì được ghi."))
        elif batch is None:
            self.stdout.write(_("Không có thay đổi nào để ghi."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(message)s (lần nhập số %(batch)s)")
                    % {"message": batch.message, "batch": batch.pk}
                )
            )

    def _print_preview(self, preview: Preview, limit: int) -> None:
        kind = (
            _("biểu mẫu phiên bản %(version)s") % {"version": preview.template_version}
            if preview.kind == "template"
            else _("bảng tự lập")
        )
        self.stdout.write(
            _(
                "Tệp: %(kind)s · kỳ %(period)s · %(criteria_set)s · trang '%(sheet)s' · "
                "%(communes)s xã · %(changes)s thay đổi · %(errors)s lỗi · "
                "%(conflicts)s xung đột"
            )
            % {
                "kind": kind,
                "period": preview.period_label,
                "criteria_set": preview.set_name,
                "sheet": preview.data_sheet,
                "communes": len(preview.units),
                "changes": len(preview.changes),
                "errors": len(preview.errors),
                "conflicts": len(preview.conflicts),
            }
        )
        for heading, issues in (
            (_("LỖI"), preview.errors),
            (_("XUNG ĐỘT"), preview.conflicts),
            (_("LƯU Ý"), preview.warnings),
        ):
            for issue in issues:
                self.stdout.write(f"  {heading}  {issue.text}")
        units = {u.unit_id: u for u in preview.units}
        shown = preview.changes if limit <= 0 else preview.changes[:limit]
        empty = _("(trống)")
        for c in shown:
            unit = units[c.unit_id]
            verdict = verdict_label(c.new_verdict)
            self.stdout.write(
                "  "
                + _("%(commune)s (%(code)s) ô %(cell)s %(indicator)s: %(old)s → %(new)s")
                % {
                    "commune": unit.name,
                    "code": unit.code,
                    "cell": cell_ref(c.row, c.col),
                    "indicator": c.code,
                    "old": c.old_raw or empty,
                    "new": c.new_raw or empty,
                }
                + (f" [{verdict}]" if verdict else "")
            )
        if len(shown) < len(preview.changes):
            self.stdout.write(
                "  "
                + _("… và %(count)s thay đổi khác") % {"count": len(preview.changes) - len(shown)}
            )

    def _export(self, options: dict[str, Any]) -> None:
        unit = unit_option(options["unit"])
        data = dataset(unit, period_option(options["period"]) or "")
        out: Path = options["out"]
        if options["format"] == XLSX:
            out.write_bytes(dataset_xlsx(data))
        elif options["format"] == CSV:
            out.write_bytes(dataset_csv(data))
        else:
            out.write_text(
                json.dumps(dataset_json(data), ensure_ascii=False, indent=1), encoding="utf-8"
            )
        reported = sum(1 for r in data.rows if r.report_id is not None)
        if options["format"] == JSON:
            self.write_json(
                {
                    "out": str(out),
                    "unit": {"code": unit.code, "name": unit.name},
                    "period": data.period.code,
                    "communes": len(data.rows),
                    "reported": reported,
                    "indicator_columns": len(data.columns),
                }
            )
            return
        self.stdout.write(
            _(
                "Đã xuất %(path)s: %(unit)s, %(period)s, %(communes)s xã "
                "(%(reported)s có báo cáo), %(columns)s cột chỉ tiêu."
            )
            % {
                "path": out,
                "unit": unit.name,
                "period": data.period_label,
                "communes": len(data.rows),
                "reported": reported,
                "columns": len(data.columns),
            }
        )


def _issue_json(issue: Issue) -> dict[str, Any]:
    return {"sheet": issue.sheet, "row": issue.row, "col": issue.col, "text": issue.text}


def _preview_json(preview: Preview, limit: int) -> dict[str, Any]:
    units = {u.unit_id: u for u in preview.units}
    shown = preview.changes if limit <= 0 else preview.changes[:limit]
    return {
        "kind": preview.kind,
        "template_version": preview.template_version,
        "period": preview.period_code,
        "criteria_set": preview.set_code,
        "sheet": preview.data_sheet,
        "communes": len(preview.units),
        "errors": [_issue_json(i) for i in preview.errors],
        "conflicts": [_issue_json(i) for i in preview.conflicts],
        "warnings": [_issue_json(i) for i in preview.warnings],
        "change_count": len(preview.changes),
        "changes": [
            {
                "unit": units[c.unit_id].code,
                "cell": cell_ref(c.row, c.col),
                "indicator": c.code,
                "old": c.old_raw,
                "new": c.new_raw,
                "verdict": verdict_label(c.new_verdict) or None,
            }
            for c in shown
        ],
    }
