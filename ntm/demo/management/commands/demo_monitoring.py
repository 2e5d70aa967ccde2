from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.core.numbers_vi import format_number_vi
from ntm.demo.dataset import DEFAULT_SEED
from ntm.demo.errors import DemoError
from ntm.demo.loader import demo_monitoring_load
from ntm.demo.thresholds import demo_revisions


class Command(BaseCommand):
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
            "--nguong",
            action="store_true",
            help="liệt kê các ngưỡng minh họa đã nạp",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = demo_monitoring_load(seed=options["seed"], log=self.stdout.write)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            result.message if not result.loaded else self.style.SUCCESS(result.message)
        )
        if options["nguong"]:
            for revision in demo_revisions():
                years = ", ".join(map(str, revision.years)) if revision.years else "mọi năm"
                value = revision.value
                shown = format_number_vi(value) if isinstance(value, (int, float)) else str(value)
                self.stdout.write(
                    f"  {revision.criteria_set.code} {revision.indicator.code}: {shown} ({years})"
                )
