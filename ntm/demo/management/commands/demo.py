from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandParser

from ntm.cli_options import NtmCommand
from ntm.demo.accounts import DEMO_PASSWORD, demo_users_ensure
from ntm.demo.errors import DemoError
from ntm.demo.loader import demo_monitoring_load
from ntm.demo.planning import demo_planning_load


class Command(NtmCommand):
    help = (
        "Chuẩn bị bản trình diễn Lạng Sơn 2023: tạo CSDL, nạp dữ liệu tham chiếu và số liệu "
        "minh họa, tạo tài khoản trình diễn, rồi chạy máy chủ (trừ khi có --no-serve). "
        "Chạy lại nhiều lần vẫn an toàn."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="chuẩn bị xong thì dừng")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="địa chỉ:cổng phục vụ")

    def handle(self, *args: Any, **options: Any) -> None:
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        step = self.stdout.write
        step("1/6 Tạo, cập nhật cơ sở dữ liệu…")
        call_command("migrate", interactive=False, verbosity=0)
        step("2/6 Nạp đơn vị hành chính tỉnh Lạng Sơn…")
        call_command("units", "import", stdout=self.stdout)
        step("3/6 Nạp các bộ tiêu chí…")
        call_command("criteria", "load", stdout=self.stdout)
        step("4/6 Tạo tài khoản trình diễn…")
        accounts = demo_users_ensure()
        step("5/6 Nạp số liệu minh họa 2022-2023 của 181 xã…")
        try:
            step(demo_monitoring_load(log=step).message)
        except DemoError as exc:  # the demo still serves, without synthetic figures
            step(self.style.WARNING(str(exc)))
        # After the figures, so that demo roadmaps follow the communes' unmet criteria.
        step("6/6 Nạp kế hoạch năm 2023 của tỉnh và lộ trình minh họa…")
        step(demo_planning_load().message)

        step("")
        step(
            self.style.SUCCESS(
                f"Bản trình diễn đã sẵn sàng. Tài khoản (mật khẩu chung: {DEMO_PASSWORD}):"
            )
        )
        for demo, unit in accounts:
            step(f"  {demo.username:<12} {demo.role.label} · {unit.name}")
        if options["no_serve"]:
            return
        # The running server shows the demo banner and logins.
        settings.NTM_DEMO = True
        # Long work (re-evaluation after a threshold revision, imports, reports)
        # runs in background tasks: a worker runs beside the server, after the
        # jobs of a worker stopped with the last demo are marked interrupted.
        call_command("jobs", "recover")
        worker = subprocess.Popen(
            [sys.executable, "-m", "ntm.cli", "db_worker", "--no-reload", "--interval", "1"],
            env={**os.environ, "NTM_DEMO": "1"},
        )
        step(f"Mở http://{options['addr']}/ (Ctrl+C để dừng)")
        try:
            call_command("runserver", options["addr"], use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
