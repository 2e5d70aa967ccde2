from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from ntm.cli_options import JSON, NtmCommand, add_format, add_old_names
from ntm.core.numbers_vi import format_number_vi
from ntm.demo.dataset import DEFAULT_SEED
from ntm.demo.loader import demo_monitoring_load
from ntm.demo.thresholds import demo_revisions


class Command(NtmCommand):
    help = (
        "Nạp số liệu minh họa (tổng hợp, không phải số liệu thật) cho 181 xã của Lạng Sơn: "
        "năm 2022 và 4 quý năm 2023, cùng các quyết định công nhận và ngưỡng minh họa. "
        "Chạy lại với cùng seed thì không làm gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"hạt giống ngẫu nhiên (mặc định {DEFAULT_SEED}); cùng seed cho cùng số liệu",
        )
        parser.add_argument(
            "--thresholds",
            action="store_true",
            help="liệt kê các ngưỡng minh họa đã nạp",
        )
        add_old_names(parser, "--thresholds", ["--nguong"], flag=True)
        add_format(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        as_json = options["format"] == JSON
        # With JSON on stdout, the progress lines go to stderr.
        log = self.stderr.write if as_json else self.stdout.write
        result = demo_monitoring_load(seed=options["seed"], log=log)
        if as_json:
            self.write_json(
                {
                    "loaded": result.loaded,
                    "seed": result.seed,
                    "message": result.message,
                    "seconds": result.seconds,
                    "reports": result.reports,
                    "values": result.values,
                    "revisions": result.revisions,
                    "recognitions": result.recognitions,
                    "thresholds": [
                        {
                            "criteria_set": r.criteria_set.code,
                            "indicator": r.indicator.code,
                            "value": r.value,
                            "years": list(r.years or []),
                        }
                        for r in demo_revisions()
                    ]
                    if options["thresholds"]
                    else None,
                }
            )
            return
        self.stdout.write(
            result.message if not result.loaded else self.style.SUCCESS(result.message)
        )
        if options["thresholds"]:
            for revision in demo_revisions():
                years = ", ".join(map(str, revision.years)) if revision.years else "mọi năm"
                value = revision.value
                shown = format_number_vi(value) if isinstance(value, (int, float)) else str(value)
                self.stdout.write(
                    f"  {revision.criteria_set.code} {revision.indicator.code}: {shown} ({years})"
                )
