from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.cli_options import CSV, JSON, NtmCommand, add_format
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.errors import CriteriaLookupError, CriteriaSetError
from ntm.core.evaluation import UnitEvaluation
from ntm.core.rows import evaluate_rows
from ntm.core.untrusted.refusal import FileRefused
from ntm.core.untrusted.text_files import CSV_MAX_BYTES, file_size_check
from ntm.criteria.selectors import criteria_catalog, criteria_set_table
from ntm.criteria.services import criteria_load
from ntm.errors import translate_core_error
from ntm.units.models import AdminUnit
from ntm.web.safe_csv import CsvCell, SafeCsvWriter

REQUIRED_COLUMNS = ("unit_code", "indicator_code", "value")


class Command(NtmCommand):
    # Lazy: the class is built on import, before a language is active;
    # NtmCommand.create_parser turns it into text.
    help = gettext_lazy(
        "Bộ tiêu chí: nạp (load), liệt kê (list), xem (show), đánh giá từ tệp CSV (evaluate)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add_format(sub.add_parser("load", help=_("nạp các bộ tiêu chí YAML vào cơ sở dữ liệu")))
        add_format(sub.add_parser("list", help=_("liệt kê các bộ tiêu chí")))
        show = sub.add_parser("show", help=_("xem tiêu chí, chỉ tiêu và ngưỡng"))
        show.add_argument("set_code")
        show.add_argument("--region", help=_("vùng (2021-2025) hoặc nhóm xã (2026-2030)"))
        show.add_argument("--year", type=int)
        add_format(show)
        ev = sub.add_parser("evaluate", help=_("đánh giá các đơn vị trong tệp CSV"))
        ev.add_argument("set_code")
        ev.add_argument("file", type=Path, help=_("CSV có cột unit_code, indicator_code, value"))
        ev.add_argument("--region", required=True)
        ev.add_argument("--year", type=int, required=True)
        # The results are data for other programs: JSON unless CSV is asked for.
        add_format(ev, (JSON, CSV), default=JSON)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except (CriteriaLookupError, CriteriaSetError) as exc:  # the pure core's refusals
            raise CommandError(str(exc)) from exc

    def _load(self, options: dict[str, Any]) -> None:
        result = criteria_load()
        if options["format"] == JSON:
            self.write_json(
                {"sets": result.sets, "criteria": result.criteria, "indicators": result.indicators}
            )
            return
        self.stdout.write(
            _(
                "Đã nạp %(sets)s bộ tiêu chí, %(criteria)s tiêu chí, "
                "%(indicators)s chỉ tiêu và điều kiện."
            )
            % {"sets": result.sets, "criteria": result.criteria, "indicators": result.indicators}
        )

    def _list(self, options: dict[str, Any]) -> None:
        if options["format"] == JSON:
            self.write_json(
                [
                    {
                        "code": cset.code,
                        "name": cset.name,
                        "first_year": cset.first_year,
                        "last_year": cset.last_year,
                        "criteria": len(cset.criteria),
                        "indicators": len(cset.indicators),
                    }
                    for cset in criteria_catalog()
                ]
            )
            return
        for cset in criteria_catalog():
            # The counts are padded here so the columns line up in every language.
            counts = _("%(criteria)s tiêu chí, %(indicators)s chỉ tiêu") % {
                "criteria": f"{len(cset.criteria):>2}",
                "indicators": f"{len(cset.indicators):>2}",
            }
            self.stdout.write(
                f"{cset.code:<28} {cset.first_year}-{cset.last_year}  {counts}  {cset.name}"
            )

    def _class_and_year(self, cset: CoreSet, options: dict[str, Any]) -> tuple[str, int]:
        class_code = options["region"] or cset.classification.codes[0]
        cset.classification.index(class_code)
        year = options["year"] or cset.first_year
        cset.check_year(year)
        return class_code, year

    def _show(self, options: dict[str, Any]) -> None:
        cset = criteria_catalog().get(options["set_code"])
        class_code, year = self._class_and_year(cset, options)
        table = criteria_set_table(cset, class_code, year)
        if options["format"] == JSON:
            self.write_json(_show_json(cset, class_code, year, table))
            return
        self.stdout.write(
            _("%(set)s · %(classification)s %(region)s · năm %(year)s")
            % {
                "set": cset.name,
                "classification": cset.classification.label,
                "region": class_code,
                "year": year,
            }
        )
        for block in table:
            title = (
                f"{block.criterion.code}. {block.criterion.name}"
                if block.criterion
                else _("Điều kiện công nhận")
            )
            self.stdout.write(f"\n{title}")
            for row in block.rows:
                source = row.threshold.citation if row.threshold else row.measure.source.citation
                verified = row.threshold and row.threshold.verified
                flag = "" if verified else " " + _("[chưa xác minh]")
                code = row.measure.shown_code
                self.stdout.write(f"  {code:<7} {row.shown:<18} {source}{flag}  {row.measure.name}")

    def _evaluate(self, options: dict[str, Any]) -> None:
        cset = criteria_catalog().get(options["set_code"])
        class_code, year = self._class_and_year(cset, options)
        rows = _read_rows(options["file"])
        known_units = set(AdminUnit.objects.values_list("code", flat=True))
        errors = [
            _("Dòng %(row)s: không có đơn vị hành chính mã «%(unit)s»") % {"row": n, "unit": unit}
            for n, (unit, _code, _raw) in enumerate(rows, start=2)
            if known_units and unit.strip() not in known_units
        ]
        outcome = evaluate_rows(cset, class_code, year, rows, first_row=2)
        errors += [str(e) for e in outcome.errors]
        if errors:
            for error in errors:
                self.stderr.write(error)
            raise CommandError(
                _("%(file)s: %(errors)s lỗi, không đánh giá.")
                % {"file": options["file"], "errors": len(errors)}
            )
        if options["format"] == JSON:
            self.write_json({code: _result_json(cset, r) for code, r in outcome.results.items()})
        else:
            self.stdout.write(_results_csv(outcome.results))


def _read_rows(path: Path) -> list[tuple[str, str, str]]:
    try:
        file_size_check(path, CSV_MAX_BYTES)
        text = path.read_text(encoding="utf-8-sig")
    except FileRefused as exc:
        raise CommandError(translate_core_error(exc)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(
            _("Không đọc được %(path)s: %(error)s") % {"path": path, "error": exc}
        ) from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CommandError(
            _("%(path)s, dòng 1: thiếu cột %(columns)s")
            % {"path": path, "columns": ", ".join(missing)}
        )
    return [(r["unit_code"] or "", r["indicator_code"] or "", r["value"] or "") for r in reader]


def _result_json(cset: CoreSet, result: UnitEvaluation) -> dict[str, Any]:
    return {
        "criteria_met": result.criteria_met_count,
        "criteria_total": len(cset.criteria),
        "group": result.band.label if result.band else None,
        "levels": list(result.levels_reached),
        "criteria": {c.code: c.met for c in result.criteria},
        "indicators": {
            m.code: {"verdict": m.verdict.label, "reason": m.reason} for m in result.indicators
        },
        "conditions": {
            m.code: {"verdict": m.verdict.label, "reason": m.reason} for m in result.conditions
        },
    }


def _results_csv(results: dict[str, UnitEvaluation]) -> str:
    out = io.StringIO()
    writer = SafeCsvWriter(out, lineterminator="\n")
    writer.writerow(
        ["unit_code", "indicator_code", "verdict", "reason", "criteria_met", "group", "levels"]
    )
    for code, result in results.items():
        summary: list[CsvCell] = [
            result.criteria_met_count,
            result.band.label if result.band else "",
            ";".join(result.levels_reached),
        ]
        for m in (*result.indicators, *result.conditions):
            writer.writerow([code, m.code, m.verdict.label, m.reason, *summary])
    return out.getvalue()


def _indicator_json(row: Any) -> dict[str, Any]:
    return {
        "code": row.measure.code,
        "name": row.measure.name,
        "type": str(row.measure.value_type),
        "comparison": str(row.measure.comparison),
        "threshold": row.threshold.value if row.threshold else None,
        "source": row.threshold.citation if row.threshold else None,
        "verified": bool(row.threshold and row.threshold.verified),
    }


def _show_json(cset: CoreSet, class_code: str, year: int, table: Any) -> dict[str, Any]:
    return {
        "code": cset.code,
        "name": cset.name,
        "classification": class_code,
        "year": year,
        "criteria": [
            {
                "code": block.criterion.code,
                "name": block.criterion.name,
                "indicators": [_indicator_json(row) for row in block.rows],
            }
            for block in table
            if block.criterion is not None
        ],
        "conditions": [
            _indicator_json(row) for block in table if block.criterion is None for row in block.rows
        ],
    }
