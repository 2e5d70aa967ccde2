"""`ntm report build TYPE --period P --unit CODE --out FILE [--pdf]`: make a
document from the command line (the same builders and templates as the web
page; nothing is recorded).

`ntm report templates [--check]`: rewrite the committed Word templates from
their builders, or only tell which of them are out of date."""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.accounts.models import Role, RoleAssignment
from ntm.cli_options import (
    JSON,
    NtmCommand,
    add_format,
    add_period,
    add_unit,
    period_option,
    unit_option,
)
from ntm.core.numbers_vi import format_count, format_seconds
from ntm.reports.models import ReportKind
from ntm.reports.render import docx_to_pdf
from ntm.reports.selectors import department_name, main_set_now
from ntm.reports.services import document_build_now
from ntm.reports.templates_build import stale_templates, write_templates
from ntm.units.models import AdminUnit

KINDS = ", ".join(f"{k.value} ({k.label})" for k in ReportKind)


class Command(NtmCommand):
    help = gettext_lazy("Văn bản, báo cáo: tạo tệp Word (và PDF) theo thể thức NĐ 30/2020/NĐ-CP.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help=_("tạo một văn bản"))
        build.add_argument("kind", metavar="TYPE", choices=ReportKind.values, help=KINDS)
        add_period(build)
        add_unit(build, help=_("huyện, xã: mã hoặc tên (mặc định: tỉnh)"))
        build.add_argument("--out", type=Path, required=True, help=_("tệp .docx sẽ ghi"))
        build.add_argument("--pdf", action="store_true", help=_("ghi thêm bản PDF cạnh tệp Word"))
        build.add_argument("--criteria", default="", help=_("so-nganh: các tiêu chí, ví dụ 1,9"))
        build.add_argument("--organisation", default="", help=_("so-nganh: tên sở, ngành"))
        build.add_argument(
            "--department", default="", help=_("so-nganh: tên đăng nhập của tài khoản sở, ngành")
        )
        build.add_argument("--plan", default="", help=_("ke-hoach: mã kế hoạch"))
        build.add_argument("--number", default="", help=_("số văn bản (để trống cho văn thư)"))
        build.add_argument("--signer", default="", help=_("họ tên người ký"))
        build.add_argument(
            "--date",
            default="",
            help=_("ngày văn bản YYYY-MM-DD (mặc định để trống cho văn thư điền)"),
        )
        build.add_argument(
            "--drafts", action="store_true", help=_("xa: dùng cả số liệu chưa được phê duyệt")
        )
        add_format(build, help=_("dạng của dòng kết quả in ra (text, json)"))
        self._add_templates_arguments(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "templates":
            self._templates(check=options["check"])
            return
        self._build(options)

    def _params(self, kind: str, unit: AdminUnit, options: dict[str, Any]) -> dict[str, Any]:
        params: dict[str, Any] = {"number": options["number"], "signer": options["signer"]}
        if kind == ReportKind.DEPARTMENT:
            if options["department"]:
                assignment = (
                    RoleAssignment.objects.filter(
                        user__username=options["department"], role=Role.DEPARTMENT
                    )
                    .select_related("unit")
                    .first()
                )
                if assignment is None:
                    raise CommandError(
                        _("«%(username)s» không phải tài khoản sở, ngành.")
                        % {"username": options["department"]}
                    )
                params["criteria"] = list(assignment.criteria)
                params["organisation"] = department_name(assignment, main_set_now())
            else:
                try:
                    params["criteria"] = [
                        int(c) for c in options["criteria"].replace(" ", "").split(",") if c
                    ]
                except ValueError as exc:
                    raise CommandError(
                        _("--criteria: các số tiêu chí cách nhau bởi dấu phẩy.")
                    ) from exc
                params["organisation"] = options["organisation"]
        if kind == ReportKind.PLAN:
            params["plan"] = options["plan"]
        if kind == ReportKind.COMMUNE:
            params["drafts"] = options["drafts"]
        return params

    def _build(self, options: dict[str, Any]) -> None:
        kind = options["kind"]
        unit = unit_option(options["unit"])
        try:
            day = dt.date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as exc:
            raise CommandError(_("--date phải có dạng YYYY-MM-DD.")) from exc
        started = time.perf_counter()
        _filename, docx = document_build_now(
            kind=kind,
            unit=unit,
            period_code=period_option(options["period"]) or "",
            params=self._params(kind, unit, options),
            day=day,
        )
        out: Path = options["out"]
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(docx)
        as_json = options["format"] == JSON
        seconds = time.perf_counter() - started
        written: dict[str, object] = {"docx": str(out), "bytes": len(docx), "seconds": seconds}
        if not as_json:
            self.stdout.write(
                _("Đã ghi %(path)s (%(size)s byte, %(seconds)s giây).")
                % {"path": out, "size": format_count(len(docx)), "seconds": format_seconds(seconds)}
            )
        if options["pdf"]:
            started = time.perf_counter()
            pdf_path = out.with_suffix(".pdf")
            pdf_path.write_bytes(docx_to_pdf(docx))
            seconds = time.perf_counter() - started
            written |= {"pdf": str(pdf_path), "pdf_seconds": seconds}
            if not as_json:
                self.stdout.write(
                    _("Đã ghi %(path)s (%(seconds)s giây).")
                    % {"path": pdf_path, "seconds": format_seconds(seconds)}
                )
        if as_json:
            self.write_json(written)

    # -- `ntm report templates [--check]` --------------------------------------------------------

    def _add_templates_arguments(self, sub: argparse._SubParsersAction[CommandParser]) -> None:
        templates = sub.add_parser(
            "templates", help=_("ghi lại các mẫu văn bản Word (ntm/reports/doc_templates/)")
        )
        templates.add_argument(
            "--check",
            action="store_true",
            help=_("chỉ kiểm tra: báo lỗi, nêu tên các mẫu khác với bản tạo lại, không ghi gì"),
        )

    def _templates(self, *, check: bool) -> None:
        if not check:
            for path in write_templates():
                self.stdout.write(_("Đã ghi %(path)s.") % {"path": path})
            return
        stale = stale_templates()
        if stale:
            raise CommandError(
                _(
                    "Các mẫu văn bản chưa được tạo lại sau khi sửa: %(files)s. "
                    "Chạy: ntm report templates"
                )
                % {"files": ", ".join(stale)}
            )
        self.stdout.write(_("Các mẫu văn bản đã được cập nhật."))
