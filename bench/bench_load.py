"""Load on the web app (DESIGN.md §5): gunicorn on 127.0.0.1 serving the
province demo-scale dataset, 50 concurrent clients (wrk) on the dashboard
pages for 30 s after a 5 s warm-up: p50 / p95 / p99 latency and errors;
budget p95 ≤ 250 ms with 0 errors. Loopback only, bounded in time."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.databases import postgres_available, use_database
from bench.harness import Figure, Results

PORT = 8099
DURATION = "30s"
WARM_UP = "5s"  # every worker builds its page caches before the measured run
CONNECTIONS = 50
ROOT = Path(__file__).resolve().parent.parent

# wrk rotates over the pages and prints the percentiles wrk itself does not.
LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  for _, p in pairs({50, 95, 99}) do
    io.write(string.format("P%%d %%d\\n", p, latency:percentile(p)))
  end
  io.write(string.format("ERRORS %%d %%d %%d %%d %%d\\n", summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
  io.write(string.format("REQUESTS %%d\\n", summary.requests))
end
"""


def _wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer on {url}")


def run(results: Results, kind: str = "postgresql") -> None:
    if shutil.which("wrk") is None:
        print("  wrk is not installed (Debian package wrk): skipped", flush=True)
        return
    if kind == "postgresql" and not postgres_available():
        print("  PostgreSQL not available: skipped", flush=True)
        return
    database = use_database(kind, "load_province")
    from django.conf import settings
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from bench.dataset import build
    from ntm.accounts.models import Role, RoleAssignment, User
    from ntm.units.models import AdminUnit

    build("province")
    root = AdminUnit.objects.get(parent=None)
    leader = User.objects.create_user("bench-load", password="x", full_name="Lãnh đạo")
    RoleAssignment.objects.create(user=leader, role=Role.LEADER, unit=root)
    session = SessionStore()
    session[SESSION_KEY] = str(leader.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = leader.get_session_auth_hash()
    session.create()
    districts = list(AdminUnit.objects.filter(parent=root).values_list("code", flat=True)[:4])
    communes = list(
        AdminUnit.objects.filter(type="xa", in_programme=True).values_list("code", flat=True)[:4]
    )
    paths = [reverse("monitoring:dashboard") + "?ky=2025-Q4"]
    paths += [reverse("monitoring:district_dashboard", args=[c]) + "?ky=2025-Q4" for c in districts]
    paths += [reverse("monitoring:scorecard", args=[c]) + "?ky=2025-Q4" for c in communes]

    env = {**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    workers = str(2 * (os.cpu_count() or 1))
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-w",
            workers,
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_for(f"http://127.0.0.1:{PORT}/dang-nhap/")
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA % ", ".join(f'"{p}"' for p in paths))
        cookie = f"Cookie: {settings.SESSION_COOKIE_NAME}={session.session_key}"

        def wrk(duration: str) -> str:
            return subprocess.run(
                [
                    *("wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}", "--timeout", "10s"),
                    *("-s", script.name, "-H", cookie, f"http://127.0.0.1:{PORT}"),
                ],
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            ).stdout

        wrk(WARM_UP)
        out = wrk(DURATION)
    finally:
        server.terminate()
        server.wait(timeout=20)
    percentiles = {int(p): int(us) / 1e6 for p, us in re.findall(r"^P(\d+) (\d+)$", out, re.M)}
    errors = sum(map(int, re.search(r"^ERRORS (.*)$", out, re.M).group(1).split()))  # type: ignore[union-attr]
    requests = int(re.search(r"^REQUESTS (\d+)$", out, re.M).group(1))  # type: ignore[union-attr]
    note = (
        f"{CONNECTIONS} clients, {DURATION} after {WARM_UP} warm-up, {workers} gunicorn workers, "
        f"{len(paths)} pages "
        f"(province, district dashboards, scorecards); {requests:,} requests, "
        f"p50 {percentiles[50] * 1000:.0f} ms, p99 {percentiles[99] * 1000:.0f} ms"
    )
    results.add(
        Figure(
            "load: dashboard pages, p95 latency",
            percentiles[95],
            budget=0.250,
            database=database,
            note=note,
        )
    )
    results.add(
        Figure(
            "load: errors (non-2xx, socket)",
            float(errors),
            budget=0.0,
            unit="count",
            database=database,
        )
    )
