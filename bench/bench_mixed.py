"""Mixed load with writes (DESIGN.md §5): gunicorn on 127.0.0.1 serving the
province dataset; 50 clients for 60 s, each request a dashboard or scorecard
read (90%) or a write (10%): a value saved through the entry form's own
endpoint, or, after a few saves, the report submitted. Then a recount: every
save the server acknowledged ("Đã lưu") is in the database with its value,
version and history row, every acknowledged submission moved its report.
Budget: p95 ≤ 300 ms, 0 errors, 0 lost writes.

The floor is the same clients on the same pages with reads only, measured
just before in the same run: the ratio is what the writes cost the readers.
The clients are Python threads in this process (a save needs the version
the previous save returned, which wrk cannot follow); they share the 2 cores
with gunicorn, as wrk does in the read-only suite."""

from __future__ import annotations

import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from bench.bench_load import _wait_for
from bench.databases import postgres_available, use_database
from bench.harness import Figure, Results

PORT = 8098
CLIENTS = 50
DURATION = 60.0
BASELINE = 20.0
WARM_UP = 5.0
WRITE_SHARE = 0.10
SAVES_BEFORE_SUBMIT = 2  # then the client submits the report and moves on
PERIODS = ("2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4")  # drafts; the dataset has none
CSRF = "b" * 32  # a cookie secret and its header, as the page's htmx sends them
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Ack:
    report: int
    code: str
    raw: str
    version: int


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    saves: list[Ack] = field(default_factory=list)
    submits: list[int] = field(default_factory=list)
    reads: int = 0


@dataclass
class Slot:
    """What one client writes: its own reports, one after the other."""

    reports: list[tuple[int, str]]  # (report pk, session key of its officer)
    position: int = 0
    saves: int = 0
    versions: dict[str, int] = field(default_factory=dict)


def _world() -> tuple[list[str], str, list[Slot], list[str], str]:
    """Read pages, the leader's session, each client's reports, the codes
    saved (numeric, a plausible value), and the settings' session cookie."""
    from django.conf import settings
    from django.urls import reverse

    from bench.dataset import SET_CODE, build
    from ntm.accounts.models import Role, RoleAssignment, User
    from ntm.criteria.selectors import criteria_catalog
    from ntm.monitoring.services import period_get_or_create, report_get_or_create
    from ntm.units.models import AdminUnit

    build("province")
    root = AdminUnit.objects.get(parent=None)
    leader = User.objects.create(username="bench-mixed", full_name="Lãnh đạo")
    RoleAssignment.objects.create(user=leader, role=Role.LEADER, unit=root)
    districts = list(AdminUnit.objects.filter(parent=root).values_list("code", flat=True)[:4])
    communes = list(AdminUnit.objects.filter(type="xa", in_programme=True).order_by("code"))
    reads = [reverse("monitoring:dashboard") + "?ky=2025-Q4"]
    reads += [reverse("monitoring:district_dashboard", args=[c]) + "?ky=2025-Q4" for c in districts]
    reads += [reverse("monitoring:scorecard", args=[c.code]) + "?ky=2025-Q4" for c in communes[:4]]
    slots = [Slot(reports=[]) for _ in range(CLIENTS)]
    periods = [period_get_or_create(code) for code in PERIODS]
    for i, unit in enumerate(communes):
        officer = User.objects.create(username=f"bench-xa-{unit.code}")  # no password: a session
        RoleAssignment.objects.create(user=officer, role=Role.COMMUNE_OFFICER, unit=unit)
        session = _session(officer)
        for j, period in enumerate(periods):
            report = report_get_or_create(unit=unit, period=period)
            slots[(i * len(periods) + j) % CLIENTS].reports.append((report.pk, session))
    cset = criteria_catalog().get(SET_CODE)
    codes = [m.code for m in cset.indicators if m.value_type == "percent" and _plausible(m)]
    return reads, _session(leader), slots, codes[:8], settings.SESSION_COOKIE_NAME


def _plausible(measure: object) -> bool:
    from ntm.core.values import parse_value, value_implausible

    return all(
        value_implausible(parse_value(raw, measure), measure) is None  # type: ignore[arg-type]
        for raw in ("40", "99")
    )


def _session(user: object) -> str:
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)  # type: ignore[attr-defined]
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()  # type: ignore[attr-defined]
    session.create()
    assert session.session_key
    return session.session_key


class Client:
    """One person at a browser: a connection, and the writes it owns."""

    def __init__(self, world: tuple, seed: int, tally: Tally, write_share: float):
        self.reads, self.leader, slots, self.codes, self.cookie = world
        self.slot: Slot = slots[seed]
        self.rng = random.Random(seed)
        self.tally = tally
        self.write_share = write_share
        self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)

    def request(self, method: str, path: str, session: str, form: dict | None = None):
        headers = {"Cookie": f"{self.cookie}={session}; csrftoken={CSRF}"}
        body = None
        if form is not None:
            body = urlencode(form)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": CSRF,
                "HX-Request": "true",
            }
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.tally.errors.append(f"{method} {path}: {exc!r}")
            return 0, ""
        self.tally.latencies.append(time.perf_counter() - start)
        if response.status >= 400:
            self.tally.errors.append(f"{method} {path}: {response.status}")
        return response.status, text

    def step(self) -> None:
        if self.rng.random() >= self.write_share or self.slot.position >= len(self.slot.reports):
            self.tally.reads += 1
            path = self.rng.choice(self.reads)
            status, _ = self.request("GET", path, self.leader)
            if 0 < status < 400 and status != 200:  # e.g. sent to the login page
                self.tally.errors.append(f"GET {path}: {status}")
        elif self.slot.saves >= SAVES_BEFORE_SUBMIT:
            self.submit()
        else:
            self.save()

    def save(self) -> None:
        report, session = self.slot.reports[self.slot.position]
        code = self.codes[self.slot.saves % len(self.codes)]
        version = self.slot.versions.get(code, 0)
        raw = str(self.rng.randint(40, 99))
        form = {"set": "xa-ntm-2021-2025", "code": code, "raw": raw, "note": "", "version": version}
        status, text = self.request("POST", f"/theo-doi/bao-cao/{report}/gia-tri/", session, form)
        if status == 200 and 'data-testid="value-saved"' in text:
            self.slot.versions[code] = version + 1
            self.slot.saves += 1
            self.tally.saves.append(Ack(report, code, raw, version + 1))
        elif status == 200:  # refused or a conflict: nobody else writes here
            self.tally.errors.append(f"save {report} {code}: not saved: {text[:200]}")

    def submit(self) -> None:
        report, session = self.slot.reports[self.slot.position]
        form = {"name": "submit", "expected_status": "draft", "reason": ""}
        status, _ = self.request("POST", f"/theo-doi/bao-cao/{report}/chuyen/", session, form)
        if status == 302:
            self.tally.submits.append(report)
        self.slot.position += 1
        self.slot.saves = 0
        self.slot.versions = {}


def _drive(world: tuple, seconds: float, write_share: float) -> Tally:
    tally = Tally()
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)
    deadline: list[float] = []

    def run(seed: int) -> None:
        own = Tally()
        client = Client(world, seed, own, write_share)
        barrier.wait()
        if not deadline:
            deadline.append(time.perf_counter() + seconds)
        while time.perf_counter() < deadline[0]:
            client.step()
        client.conn.close()
        with lock:
            tally.latencies += own.latencies
            tally.errors += own.errors
            tally.saves += own.saves
            tally.submits += own.submits
            tally.reads += own.reads

    threads = [threading.Thread(target=run, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def _lost(tally: Tally) -> list[str]:
    """Acknowledged writes missing from the database, recounted."""
    from ntm.monitoring.models import IndicatorValue, Report, ReportStatus, ValueChange

    lost = []
    last: dict[tuple[int, str], Ack] = {}
    for ack in tally.saves:
        last[(ack.report, ack.code)] = ack
    stored = {
        (r, c): (raw, v)
        for r, c, raw, v in IndicatorValue.objects.filter(
            report_id__in={a.report for a in tally.saves},
            indicator__criteria_set__code="xa-ntm-2021-2025",
        ).values_list("report_id", "indicator__code", "raw_text", "version")
    }
    for key, ack in last.items():
        if stored.get(key) != (ack.raw, ack.version):
            lost.append(f"value {key}: acknowledged {ack}, stored {stored.get(key)}")
    history = set(
        ValueChange.objects.filter(
            value__report_id__in={a.report for a in tally.saves}
        ).values_list("value__report_id", "value__indicator__code", "version", "new_raw")
    )
    lost += [
        f"history of {a}"
        for a in tally.saves
        if (a.report, a.code, a.version, a.raw) not in history
    ]
    moved = set(
        Report.objects.filter(pk__in=tally.submits, status=ReportStatus.SUBMITTED).values_list(
            "pk", flat=True
        )
    )
    lost += [f"submission of report {pk}" for pk in tally.submits if pk not in moved]
    return lost


def _p(latencies: list[float], q: int) -> float:
    return statistics.quantiles(latencies, n=100)[q - 1]


def run(results: Results, kind: str = "postgresql") -> None:
    if kind == "postgresql" and not postgres_available():
        print("  PostgreSQL not available: skipped", flush=True)
        return
    database = use_database(kind, "mixed_province")
    world = _world()
    env = {**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    workers = str(2 * (os.cpu_count() or 1))
    bind = ["-b", f"127.0.0.1:{PORT}", "--log-level", "warning"]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", workers, *bind],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_for(f"http://127.0.0.1:{PORT}/dang-nhap/")
        _drive(world, WARM_UP, 0.0)
        baseline = _drive(world, BASELINE, 0.0)
        mixed = _drive(world, DURATION, WRITE_SHARE)
    finally:
        server.terminate()
        server.wait(timeout=20)
    lost = _lost(mixed)
    for line in (mixed.errors + lost)[:10]:
        print(f"  ! {line}", flush=True)
    _report(results, database, workers, baseline, mixed, lost)


def _report(
    results: Results, database: str, workers: str, baseline: Tally, mixed: Tally, lost: list[str]
) -> None:
    requests = len(mixed.latencies)
    ms = {
        name: {q: _p(tally.latencies, q) * 1000 for q in (50, 95, 99)}
        for name, tally in (("mixed", mixed), ("floor", baseline))
    }
    note = (
        f"{CLIENTS} clients, {DURATION:.0f} s, {workers} gunicorn workers; {requests:,} requests "
        f"({requests / DURATION:.0f}/s): {mixed.reads:,} reads, {len(mixed.saves):,} saves "
        f"acknowledged, {len(mixed.submits)} submissions; p50 {ms['mixed'][50]:.0f} ms, "
        f"p99 {ms['mixed'][99]:.0f} ms; floor: reads only, {BASELINE:.0f} s, "
        f"{len(baseline.latencies) / BASELINE:.0f}/s, p50 {ms['floor'][50]:.0f} ms"
    )
    results.add(
        Figure(
            "mixed load: 90% reads, 10% saves and submissions, p95",
            _p(mixed.latencies, 95),
            budget=0.300,
            floor=_p(baseline.latencies, 95),
            database=database,
            note=note,
        )
    )
    results.add(
        Figure(
            "mixed load: errors (4xx/5xx, socket, refused saves)",
            float(len(mixed.errors) + len(baseline.errors)),
            budget=0.0,
            unit="count",
            database=database,
        )
    )
    results.add(
        Figure(
            "mixed load: lost writes (acknowledged, recounted after the run)",
            float(len(lost)),
            budget=0.0,
            unit="count",
            database=database,
            note=f"{len(mixed.saves):,} saves and {len(mixed.submits)} submissions checked",
        )
    )
