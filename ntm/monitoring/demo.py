"""Synthetic monitoring data for the Lạng Sơn demo (số liệu minh họa).

``ntm demo`` (``make demo``) loads it on every start; a second run with the
same seed does nothing. All 181 programme communes get values for the year
2022 (end of year, approved) and the four quarters of 2023, calibrated on the
province's 2023 plan (``plan-lang-son-2023.yaml``):

* end of 2022: the number of communes meeting each criterion of
  xa-ntm-2021-2025 is exactly the plan's baseline (criterion 19: 175, the plan
  gives no baseline, only "177 in 2023");
* 2023: each quarter closes about a quarter of the gap to the plan's targets,
  ending near them (some criteria short, one or two exceeded);
* 85 NTM and 17 advanced-NTM recognitions (the three real advanced decisions of
  January 2023, all others synthetic and labelled so).

How: a latent "development" score per commune (Thành phố Lạng Sơn and the flat
districts higher, remote and poor districts lower; recognised communes higher)
ranks the communes for each criterion, and each criterion takes exactly its
count from the top. Indicator values are then drawn to produce exactly that
met/not-met matrix (an unmet criterion has at least one failing indicator),
as raw text written the Vietnamese way and parsed with the one shared parser.

Thresholds the law data leaves unknown are supplied through the office's own
revision mechanism (``threshold_revise``), cited as "Số liệu minh họa" and not
verified, so every screen shows they are not law. The generator
(:func:`demo_generate`) is pure; :func:`demo_monitoring_load` writes its
result in bulk with the invariants of ``value_save`` and ``report_transition``.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, Model, QuerySet
from django.utils import timezone

from ntm.bulk import analyze
from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import Comparison, Measure, ThresholdValue, ValueType
from ntm.core.numbers_vi import format_number_vi
from ntm.core.values import parse_value
from ntm.criteria.models import Indicator, ThresholdRevision
from ntm.criteria.selectors import criteria_catalog
from ntm.criteria.services import THRESHOLD_LISTENERS, threshold_revise
from ntm.errors import NtmError
from ntm.jobs.models import Job
from ntm.jobs.services import job_create, job_finish
from ntm.monitoring.evaluations import evaluations_recompute
from ntm.monitoring.models import (
    Evaluation,
    EvaluationCriterion,
    EvaluationLevel,
    Evidence,
    IndicatorValue,
    Period,
    Recognition,
    Report,
    ReportEvent,
    ReportStatus,
    ValueChange,
)
from ntm.monitoring.services import period_get_or_create
from ntm.units.models import AdminUnit, UnitType
from ntm.units.selectors import unit_programme_communes

DEFAULT_SEED = 2023
# Bump when the generator changes: a demo database loaded by an older version
# is then replaced instead of kept.
GENERATOR_VERSION = 1
JOB_KIND = "demo"

MAIN = "xa-ntm-2021-2025"
ADVANCED = "xa-ntm-nang-cao-2021-2025"
MODEL = "xa-ntm-kieu-mau-2021-2025"
SETS = (MAIN, ADVANCED, MODEL)

PERIODS = ("2022", "2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4")
YEARS = (2022, 2023, 2023, 2023, 2023)
CRITERIA = tuple(str(n) for n in range(1, 20))

# Communes meeting each criterion: end of 2022 (the plan's total − added) and
# the plan's 2023 totals. The plan prints no baseline for criterion 19.
BASELINE_2022 = dict(
    zip(
        CRITERIA,
        (65, 82, 175, 147, 71, 66, 156, 132, 129, 80, 73, 104, 77, 181, 101, 154, 80, 119, 175),
        strict=True,
    )
)
TARGETS_2023 = dict(
    zip(
        CRITERIA,
        (163, 92, 177, 157, 81, 76, 159, 142, 139, 90, 83, 124, 87, 181, 111, 164, 90, 129, 177),
        strict=True,
    )
)
N_COMMUNES = 181
NTM_RECOGNISED_2022 = 85
ADVANCED_RECOGNISED_2022 = 17

DEMO_DOCUMENT = "Số liệu minh họa"
DEMO_DOCUMENT_DATE = dt.date(2023, 1, 1)
VALUE_REASON = "Số liệu minh họa (tạo tự động)"
EVENT_REASON = "Số liệu minh họa"
SYNTHETIC_NOTE = "Số liệu minh họa: quyết định giả định để trình diễn, không phải văn bản thật."

TAN_LIEN_CODE = "6244"  # the demo commune officer's commune: left as a draft in 2023-Q4
CAO_LOC = "Huyện Cao Lộc"  # the demo district officer's district: reports waiting in 2023-Q4


class DemoError(NtmError):
    """The demo data cannot be loaded; the message (Vietnamese) says why."""


# -- thresholds the law data leaves unknown ---------------------------------------


@dataclass(frozen=True)
class DemoThreshold:
    set_code: str
    code: str
    raw: str
    years: tuple[int, ...] | None = None
    note: str = ""


_DEMO_NOTE = (
    "Giá trị minh họa cho bản trình diễn (vùng TDMNPB), KHÔNG phải quy định: thay bằng ngưỡng "
    "có văn bản căn cứ khi có."
)

# One revision per cell; all for the TDMNPB region. Values follow the notes in
# the criteria files where they recall one (e.g. 2.1: 100%), otherwise a
# plausible level for the Northern Midlands and Mountains.
DEMO_THRESHOLDS: tuple[DemoThreshold, ...] = (
    DemoThreshold(MAIN, "2.1", "100", note="Ghi chú bộ tiêu chí nhớ lại 100% mọi vùng."),
    DemoThreshold(MAIN, "2.2", "70"),
    DemoThreshold(MAIN, "2.3", "60"),
    DemoThreshold(MAIN, "2.4", "60"),
    DemoThreshold(MAIN, "4.2", "95", note="Giai đoạn 2016-2020 là 95%."),
    DemoThreshold(MAIN, "6.3", "100", note="Ghi chú bộ tiêu chí nhớ lại 100%."),
    DemoThreshold(MAIN, "9.2", "75", note="Ghi chú bộ tiêu chí nhớ lại ≥75% cho TDMNPB."),
    DemoThreshold(MAIN, "10", "39", years=(2022,)),
    DemoThreshold(MAIN, "10", "42", years=(2023,)),
    DemoThreshold(MAIN, "11", "13"),
    DemoThreshold(MAIN, "12.1", "50"),
    DemoThreshold(MAIN, "12.2", "25", note="Giai đoạn 2016-2020 TDMNPB là 25%."),
    DemoThreshold(MAIN, "14.2", "70", note="Giai đoạn 2016-2020 TDMNPB là 70%."),
    DemoThreshold(MAIN, "15.1", "90"),
    DemoThreshold(MAIN, "16", "70", note="Ghi chú bộ tiêu chí nhớ lại 70%."),
    DemoThreshold(MAIN, "17.1", "90"),
    DemoThreshold(MAIN, "17.2", "100", note="Ghi chú bộ tiêu chí nhớ lại 100%."),
    DemoThreshold(MAIN, "17.4", "2", note="Ghi chú bộ tiêu chí nhớ lại 2 m²/người."),
    DemoThreshold(MAIN, "17.7", "100", note="Ghi chú bộ tiêu chí nhớ lại 100%."),
    DemoThreshold(MAIN, "17.8", "70"),
    DemoThreshold(MAIN, "17.9", "60"),
    DemoThreshold(MAIN, "17.10", "100", note="Ghi chú bộ tiêu chí nhớ lại 100%."),
    DemoThreshold(MAIN, "17.11", "30"),
    DemoThreshold(MAIN, "17.12", "50"),
    DemoThreshold(MAIN, "18.3", "100", note="Ghi chú bộ tiêu chí nhớ lại 100%."),
    DemoThreshold(MAIN, "hai_long", "90", note="Lấy theo mức của cấp huyện (≥90%)."),
    DemoThreshold(ADVANCED, "10", "43", years=(2022,), note="Khoảng 1,1 lần mức xã NTM."),
    DemoThreshold(ADVANCED, "10", "46", years=(2023,), note="Khoảng 1,1 lần mức xã NTM."),
    DemoThreshold(ADVANCED, "hai_long", "90", note="Lấy theo mức của cấp huyện (≥90%)."),
    DemoThreshold(MODEL, "hai_long", "90", note="Lấy theo mức của cấp huyện (≥90%)."),
)
DEMO_REGION = "TDMNPB"


# -- the pure generator -------------------------------------------------------------


@dataclass(frozen=True)
class DemoCommune:
    code: str
    name: str
    district: str
    region: str
    latitude: float
    longitude: float
    poor_district: bool


@dataclass(frozen=True)
class DemoRecognition:
    commune: int  # index into DemoPlan.communes
    level: str  # Recognition.Level value
    decision_number: str
    decision_date: dt.date
    criteria_set: str
    note: str


@dataclass
class DemoPlan:
    seed: int
    communes: list[DemoCommune]
    met: np.ndarray  # (periods, communes, criteria): planned results of the main set
    facts: list[dict[str, bool]]
    # [period][commune]: (set code, indicator code) → raw text as entered
    values: list[list[dict[tuple[str, str], str]]]
    statuses: list[list[str]]  # [period][commune]
    recognitions: list[DemoRecognition]
    # (criterion, period index, commune index) of the few criteria lost in 2023
    regressions: list[tuple[str, int, int]] = field(default_factory=list)

    def counts(self, period: int) -> dict[str, int]:
        """Communes meeting each criterion of the main set in a period."""
        return {c: int(n) for c, n in zip(CRITERIA, self.met[period].sum(axis=0), strict=True)}


# Development level of each district (Thành phố and the flat, connected
# districts above the remote, poor ones). Unknown districts get 0.
DISTRICT_LEVEL = {
    "Thành phố Lạng Sơn": 1.4,
    "Huyện Cao Lộc": 0.5,
    "Huyện Hữu Lũng": 0.45,
    "Huyện Chi Lăng": 0.45,
    "Huyện Bắc Sơn": 0.1,
    "Huyện Lộc Bình": -0.05,
    "Huyện Văn Lãng": -0.05,
    "Huyện Tràng Định": -0.1,
    "Huyện Văn Quan": -0.4,
    "Huyện Đình Lập": -0.45,
    "Huyện Bình Gia": -0.5,
}
CITY = (21.853708, 106.761519)  # Thành phố Lạng Sơn

# The three real advanced-NTM recognitions for 2022 (QĐ of UBND tỉnh, 26/01/2023).
REAL_ADVANCED = (
    ("Xã Chi Lăng", "Huyện Tràng Định", "99/QĐ-UBND"),
    ("Xã Sơn Hà", "Huyện Hữu Lũng", "103/QĐ-UBND"),
    ("Xã Bắc Lãng", "Huyện Đình Lập", "105/QĐ-UBND"),
)
REAL_ADVANCED_DATE = dt.date(2023, 1, 26)

# Synthetic recognitions per year (85 NTM, 14 advanced besides the real three).
NTM_YEARS = {2016: 14, 2017: 13, 2018: 13, 2019: 12, 2020: 13, 2021: 10, 2022: 10}
ADVANCED_YEARS = {2019: 3, 2020: 4, 2021: 4, 2022: 3}
SET_2016 = "Bộ tiêu chí 2016-2020 (QĐ 1980/QĐ-TTg)"
SET_2021 = "Bộ tiêu chí 2021-2025 (QĐ 318/QĐ-TTg)"
SET_ADVANCED_2018 = "Bộ tiêu chí xã NTM nâng cao của tỉnh giai đoạn 2018-2020"
SET_ADVANCED_2021 = "Bộ tiêu chí xã NTM nâng cao 2021-2025 (QĐ 318/QĐ-TTg)"

# Realistic setbacks in 2023: (criterion, period index). A commune loses
# security (19) in Q3; the year-end poverty review (11) drops one in Q4.
REGRESSIONS = (("19", 3), ("11", 4))

# Indicators that fail more often when their criterion is not met.
FAIL_WEIGHT = {
    "1.2": 1.5,
    "2.3": 2.0,
    "2.4": 1.5,
    "9.2": 1.5,
    "12.1": 1.5,
    "13.1": 1.5,
    "15.1": 1.5,
    "15.2": 1.5,
    "17.1": 2.0,
    "17.8": 1.5,
    "17.11": 1.5,
    "17.12": 1.5,
    "18.4": 1.5,
}
VILLAGE_RATIOS = ("6.3", "16")  # share of the commune's villages
SCHOOL_RATIOS = ("5.1", "5.2", "5.3")  # share of the commune's schools
ORGANISATIONS = "18.3"  # share of the commune's 5 socio-political organisations
INCOME = "10"
SPREAD = {"10": 0.35, "17.4": 1.5}  # how far above its threshold a met number goes
LOW_SPREAD = {"15.3": 0.5}  # how far below its ceiling a met rate goes (default 0.85)


def _sigmoid(x: np.ndarray | float) -> np.ndarray | float:
    return 1.0 / (1.0 + np.exp(-x))


@dataclass
class _World:
    """Who the communes are: latent level, recognitions, per-criterion scores."""

    level: np.ndarray  # (N,)
    ntm: np.ndarray  # (N,) bool, recognised NTM
    advanced: np.ndarray  # (N,) bool, recognised advanced NTM
    ntm_year: np.ndarray  # (N,) int, 0 if none
    advanced_year: np.ndarray  # (N,) int, 0 if none (2023 for the real decisions)
    forced: np.ndarray  # (N,) bool: recognised under the 2021-2025 sets, meet all 19
    score: np.ndarray  # (N, 19)
    real: list[int]
    tan_lien: int | None


def _find(communes: Sequence[DemoCommune], name: str, district: str) -> int | None:
    for i, c in enumerate(communes):
        if c.name == name and c.district == district:
            return i
    return None


def _draw_world(
    rng: np.random.Generator, communes: Sequence[DemoCommune], real: list[int], tan: int | None
) -> _World:
    n = len(communes)
    lat = np.array([c.latitude for c in communes])
    lon = np.array([c.longitude for c in communes])
    km = np.hypot(lat - CITY[0], (lon - CITY[1]) * math.cos(math.radians(CITY[0]))) * 111.0
    remote = (km - km.mean()) / (km.std() or 1.0)
    district = np.array([DISTRICT_LEVEL.get(c.district, 0.0) for c in communes])
    poor = np.array([c.poor_district for c in communes], dtype=float)
    level = district - 0.25 * remote + rng.normal(0.0, 0.55, n)

    # Recognitions: mostly the stronger communes, the real three always, and
    # not the demo commune (it is working toward NTM in 2023).
    fame = level + rng.normal(0.0, 0.45, n)
    fame[real] = np.inf
    if tan is not None:
        fame[tan] = -np.inf
    ntm_idx = np.argsort(-fame, kind="stable")[:NTM_RECOGNISED_2022]
    ntm = np.zeros(n, dtype=bool)
    ntm[ntm_idx] = True
    n_synthetic_adv = ADVANCED_RECOGNISED_2022 - len(real)
    pool = [i for i in ntm_idx if i not in real]
    adv_rank = fame[pool] + rng.normal(0.0, 0.4, len(pool))
    adv_synthetic = [pool[j] for j in np.argsort(-adv_rank, kind="stable")[:n_synthetic_adv]]
    advanced = np.zeros(n, dtype=bool)
    advanced[real] = True
    advanced[adv_synthetic] = True

    # Years: advanced communes first (they were NTM long before), then by fame.
    ntm_year = np.zeros(n, dtype=int)
    order = sorted(ntm_idx, key=lambda i: (not advanced[i], -fame[i] + rng.normal(0.0, 0.6)))
    years = [y for y, k in sorted(NTM_YEARS.items()) for _ in range(k)]
    for i, year in zip(order, years, strict=True):
        ntm_year[i] = year
    advanced_year = np.zeros(n, dtype=int)
    adv_years = [y for y, k in sorted(ADVANCED_YEARS.items()) for _ in range(k)]
    for i, year in zip(rng.permutation(adv_synthetic), adv_years, strict=True):
        advanced_year[i] = year
    advanced_year[real] = REAL_ADVANCED_DATE.year
    forced = (ntm_year == 2022) | (advanced_year >= 2022)

    effect = np.zeros((n, len(CRITERIA)))
    effect[:, CRITERIA.index("10")] += 0.4 * district  # income follows the economy
    effect[:, CRITERIA.index("11")] -= 0.6 * poor  # poverty is worse in poor districts
    score = (
        level[:, None]
        + 0.6 * ntm[:, None]
        + 0.4 * advanced[:, None]
        + effect
        + rng.normal(0.0, 1.1, (n, len(CRITERIA)))
    )
    score[forced] += 100.0
    return _World(level, ntm, advanced, ntm_year, advanced_year, forced, score, real, tan)


def _draw_baseline(world: _World) -> np.ndarray:
    """End of 2022: each criterion met by exactly its baseline count."""
    n = len(world.level)
    met = np.zeros((n, len(CRITERIA)), dtype=bool)
    for c, code in enumerate(CRITERIA):
        met[np.argsort(-world.score[:, c], kind="stable")[: BASELINE_2022[code]], c] = True
    return met


def _draw_finals(rng: np.random.Generator) -> dict[str, int]:
    """Counts at the end of 2023: near the targets, some short, one or two over."""
    finals: dict[str, int] = {}
    for code in CRITERIA:
        base, target = BASELINE_2022[code], TARGETS_2023[code]
        if target >= N_COMMUNES and base >= N_COMMUNES:
            finals[code] = N_COMMUNES
        elif code == "1":  # +98 planning approvals in a year: ambitious
            finals[code] = target - int(rng.integers(4, 10))
        else:
            delta = int(rng.choice([-3, -2, -1, -1, 0, 0, 0, 1]))
            finals[code] = int(np.clip(target + delta, base, N_COMMUNES))
    movable = [c for c in CRITERIA if c not in ("1", "14") and TARGETS_2023[c] < N_COMMUNES]
    over = [c for c in CRITERIA if finals[c] > TARGETS_2023[c]]
    if not over:
        code = movable[int(rng.integers(len(movable)))]
        finals[code] = TARGETS_2023[code] + 1
    for code in over[2:]:
        finals[code] = TARGETS_2023[code]
    while sum(finals[c] < TARGETS_2023[c] for c in CRITERIA) < 5:
        exact = [c for c in movable if finals[c] == TARGETS_2023[c]]
        if not exact:
            break
        code = exact[int(rng.integers(len(exact)))]
        finals[code] = TARGETS_2023[code] - 1
    return finals


def _draw_progress(
    rng: np.random.Generator, world: _World, baseline: np.ndarray
) -> tuple[np.ndarray, list[tuple[str, int, int]]]:
    """Met matrices for every period: each quarter about a quarter of the way
    to the year-end counts; no commune loses a criterion, except the few
    ``REGRESSIONS``."""
    n = len(world.level)
    finals = _draw_finals(rng)
    met = np.zeros((len(PERIODS), n, len(CRITERIA)), dtype=bool)
    met[0] = baseline
    totals: dict[str, list[int]] = {}
    for code in CRITERIA:
        base = BASELINE_2022[code]
        fractions = np.sort(np.clip(np.array([0.22, 0.48, 0.73]) + rng.normal(0, 0.04, 3), 0, 1))
        steps = [base + round((finals[code] - base) * f) for f in fractions] + [finals[code]]
        totals[code] = list(np.maximum.accumulate([base, *steps]))
    protected = world.forced.copy()
    protected[world.real] = True
    if world.tan_lien is not None:
        protected[world.tan_lien] = True
    regressions: list[tuple[str, int, int]] = []
    lost = np.zeros((n, len(CRITERIA)), dtype=bool)
    for p in range(1, len(PERIODS)):
        before = met[p - 1]
        count_before = before.sum(axis=1)
        for c, code in enumerate(CRITERIA):
            members = before[:, c].copy()
            for r_code, r_period in REGRESSIONS:
                if r_code == code and r_period == p:
                    # A marginal commune (low score among those meeting it).
                    eligible = np.flatnonzero(members & ~protected)
                    marginal = eligible[np.argsort(world.score[eligible, c])[:5]]
                    victim = int(rng.choice(marginal))
                    members[victim] = False
                    lost[victim, c] = True
                    regressions.append((code, p, victim))
            need = totals[code][p] - int(members.sum())
            if need > 0:
                # The plan's priorities: communes under 5 criteria, and
                # recognised communes upgrading to the new set; the demo
                # commune is one of the communes aiming at NTM.
                priority = (
                    world.score[:, c]
                    + 1.0 * (count_before < 5)
                    + 1.0 * world.ntm
                    + rng.normal(0.0, 0.3, n)
                )
                if world.tan_lien is not None:
                    priority[world.tan_lien] += 1.5
                priority[members | lost[:, c]] = -np.inf
                members[np.argsort(-priority, kind="stable")[:need]] = True
            met[p, :, c] = members
    return met, regressions


def _acceptable(met: np.ndarray, world: _World) -> bool:
    counts_2022 = met[0].sum(axis=1)
    below_5 = int((counts_2022 < 5).sum())
    all_19 = int((counts_2022 == len(CRITERIA)).sum())
    if not (3 <= below_5 <= 7 and 18 <= all_19 <= 32):
        return False
    if world.tan_lien is not None:
        return bool((~met[3, world.tan_lien]).sum() >= 2 and (~met[4, world.tan_lien]).sum() >= 2)
    return True


def _dec(x: float) -> Decimal:
    return Decimal(repr(float(x)))


def _round(x: float, places: int) -> Decimal:
    return _dec(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _pct(k: int, n: int) -> Decimal:
    return (Decimal(100 * k) / Decimal(n)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _k_min(n: int, threshold: float) -> int:
    """Fewest of ``n`` items whose share (as written, 2 decimals) reaches the threshold."""
    t = _dec(threshold)
    return next(k for k in range(n + 1) if _pct(k, n) >= t)


def _ratio_series(
    rng: np.random.Generator, ok: Sequence[bool], threshold: float, n: int
) -> list[int]:
    """How many of ``n`` items pass, period by period, consistent with ``ok``."""
    k_min = _k_min(n, threshold)
    out: list[int] = []
    k = 0
    # Short by one to three items, and not below half the threshold when the
    # threshold needs more than one item.
    short_low = min(k_min - 1, max(-(-k_min // 2), k_min - 3))
    for p, good in enumerate(ok):
        if p == 0:
            low, high = (k_min, n + 1) if good else (short_low, k_min)
            k = int(rng.integers(low, high))
        elif good and ok[p - 1]:
            k = min(n, k + int(rng.random() < 0.15))
        elif good:
            k = min(n, k_min + int(rng.random() < 0.3))
        elif ok[p - 1]:
            k = k_min - 1
        else:
            k = min(k_min - 1, k + int(rng.random() < 0.3))
        out.append(k)
    return out


def _number_series(
    rng: np.random.Generator,
    ok: Sequence[bool],
    thresholds: Sequence[float],
    comparison: Comparison,
    *,
    quality: float,
    cap: float | None,
    places: int,
    spread: float,
    growth: Sequence[float],
    floors: Sequence[float] | None = None,
) -> list[Decimal]:
    """A value per period: at or beyond the threshold where ``ok``, short of it
    by a plausible margin elsewhere; rates improve slowly over time."""
    step = Decimal(1).scaleb(-places)
    upward = comparison is not Comparison.LE
    out: list[Decimal] = []
    x = 0.0
    for p, (good, t) in enumerate(zip(ok, thresholds, strict=True)):
        # Met rates sit within ~25 points above their threshold, numbers
        # within ``spread`` × threshold.
        top = min(cap, t + 25.0) if cap is not None else t * (1 + spread)
        if upward:
            if p == 0:
                if good:
                    x = t + (top - t) * rng.beta(1 + 2 * quality, 2)
                else:
                    x = t * (1 - rng.uniform(0.03, 0.3) * (1.5 - quality))
            else:
                x *= growth[p]
                if good and ok[p - 1]:
                    x += rng.uniform(0.0, 0.6 if cap is not None else 0.015 * t)
                elif good:
                    x = t + rng.uniform(0.05, 0.3) * (top - t)
                elif ok[p - 1]:
                    x = t * (1 - rng.uniform(0.02, 0.08))
                else:
                    x += rng.uniform(0.0, 0.35) * (t - x)
        else:
            if p == 0:
                if good:
                    x = t * (1 - rng.beta(1 + 2 * quality, 2) * spread)
                else:
                    x = t * (1 + rng.uniform(0.05, 0.6) * (1.5 - quality))
            elif good and ok[p - 1]:
                x -= rng.uniform(0.0, 0.3)
            elif good:
                x = t * (1 - rng.uniform(0.05, 0.3))
            elif ok[p - 1]:
                x = t * (1 + rng.uniform(0.03, 0.15))
            else:
                x -= rng.uniform(0.0, 0.35) * (x - t)
        if cap is not None:
            x = min(x, cap)
        x = max(x, 0.0)
        if floors is not None and good:
            x = max(x, floors[p])
        value = _round(x, places)
        limit = _dec(t)
        if upward:
            if good and value < limit:
                value = limit.quantize(step, rounding=ROUND_CEILING)
            if not good and value >= limit:
                value = (limit - step).quantize(step, rounding=ROUND_FLOOR)
        else:
            if good and value > limit:
                value = limit.quantize(step, rounding=ROUND_FLOOR)
            if not good and value <= limit:
                value = (limit + step).quantize(step, rounding=ROUND_CEILING)
        x = float(value)
        out.append(value)
    return out


def _text(value: Decimal | int) -> str:
    return format_number_vi(value)


class _Thresholds:
    """The thresholds in force (revisions applied), each looked up once."""

    def __init__(self, catalog: CriteriaCatalog):
        self.catalog = catalog
        self._seen: dict[tuple[str, str, str, int], ThresholdValue] = {}

    def __call__(self, set_code: str, code: str, region: str, year: int) -> ThresholdValue:
        key = (set_code, code, region, year)
        if key not in self._seen:
            resolved = self.catalog.get(set_code).threshold(code, region, year)
            if resolved is None or resolved.value is None:
                raise DemoError(
                    f"Bộ {set_code}, chỉ tiêu {code}: chưa có ngưỡng cho vùng {region} năm "
                    f"{year}, không tạo được số liệu minh họa."
                )
            self._seen[key] = resolved.value
        return self._seen[key]


def _failing_sets(
    rng: np.random.Generator, met: Sequence[bool], measures: Sequence[Measure]
) -> list[set[str]]:
    """The indicators failing each period for one commune and criterion."""
    codes = [m.code for m in measures]
    weights = np.array([FAIL_WEIGHT.get(c, 1.0) for c in codes])

    def fresh() -> set[str]:
        k = 1 + int(rng.binomial(min(len(codes) - 1, 3), 0.25)) if len(codes) > 1 else 1
        chosen = rng.choice(len(codes), size=k, replace=False, p=weights / weights.sum())
        return {codes[j] for j in chosen}

    out: list[set[str]] = []
    for p, good in enumerate(met):
        if good:
            out.append(set())
        elif p == 0 or met[p - 1]:
            out.append(fresh())
        else:
            kept = {c for c in sorted(out[-1]) if rng.random() > 0.25}  # sorted: same draws
            out.append(kept or {sorted(out[-1])[int(rng.integers(len(out[-1])))]})
    return out


def _main_values(
    rng: np.random.Generator,
    thresholds: _Thresholds,
    commune: DemoCommune,
    met: np.ndarray,  # (periods, criteria) for this commune
    facts: dict[str, bool],
    quality: float,
    income_floors: Sequence[float] | None,
) -> list[dict[tuple[str, str], str]]:
    cset = thresholds.catalog.get(MAIN)
    n_periods = len(PERIODS)
    out: list[dict[tuple[str, str], str]] = [{} for _ in PERIODS]
    villages = int(rng.integers(5, 19))
    schools = int(rng.integers(4, 7)) if facts["more_than_3_schools"] else int(rng.integers(2, 4))
    growth = [1.0] + [
        float(rng.uniform(1.05, 1.10)) if YEARS[p] != YEARS[p - 1] else 1.0
        for p in range(1, n_periods)
    ]
    for c, criterion in enumerate(cset.criteria):
        applicable = [
            m
            for m in criterion.indicators
            if m.counted
            and (m.applicability is None or facts[m.applicability.fact] == m.applicability.expected)
        ]
        failing = _failing_sets(rng, list(met[:, c]), applicable)
        oks = {m.code: [m.code not in failing[p] for p in range(n_periods)] for m in applicable}
        limits = {
            m.code: [thresholds(MAIN, m.code, commune.region, y) for y in YEARS] for m in applicable
        }
        school_l1 = next((m for m in applicable if m.code in ("5.2", "5.3")), None)
        for m in applicable:
            ok, thr = oks[m.code], limits[m.code]
            texts: list[str]
            if m.value_type is ValueType.BOOLEAN:
                texts = [
                    "Đạt" if good == bool(thr[p]) else "Không đạt" for p, good in enumerate(ok)
                ]
            elif m.value_type is ValueType.ENUM:
                other = next(o for o in m.options if o != thr[0])
                texts = [str(thr[p]) if good else other for p, good in enumerate(ok)]
            elif m.code in VILLAGE_RATIOS or m.code == ORGANISATIONS:
                n = villages if m.code in VILLAGE_RATIOS else 5
                ks = _ratio_series(rng, ok, float(thr[0]), n)
                texts = [_text(_pct(k, n)) for k in ks]
            elif m.code == "5.1":
                ks = _ratio_series(rng, ok, float(thr[0]), schools)
                if school_l1 is not None:
                    # Level-1 schools are among those at the minimum standard.
                    l1_ok = oks[school_l1.code]
                    l1 = _ratio_series(rng, l1_ok, float(limits[school_l1.code][0]), schools)
                    l1 = [min(k1, schools - 1) if not ok[p] else k1 for p, k1 in enumerate(l1)]
                    ks = [max(k, k1) for k, k1 in zip(ks, l1, strict=True)]
                    out_l1 = [_text(_pct(k1, schools)) for k1 in l1]
                    for p in range(n_periods):
                        out[p][(MAIN, school_l1.code)] = out_l1[p]
                texts = [_text(_pct(k, schools)) for k in ks]
            elif m.code in SCHOOL_RATIOS:
                continue  # written with 5.1
            else:
                places = 2 if rng.random() < 0.4 else 1
                series = _number_series(
                    rng,
                    ok,
                    [float(t) for t in thr],
                    m.comparison,
                    quality=quality,
                    cap=100.0 if m.value_type is ValueType.PERCENT else None,
                    places=places,
                    spread=SPREAD.get(m.code, LOW_SPREAD.get(m.code, 0.85)),
                    growth=growth if m.code == INCOME else [1.0] * n_periods,
                    floors=income_floors if m.code == INCOME else None,
                )
                texts = [_text(v) for v in series]
            for p in range(n_periods):
                out[p][(MAIN, m.code)] = texts[p]
    return out


def _conditions(
    rng: np.random.Generator, n: int, world: _World, met: np.ndarray
) -> list[list[dict[str, str]]]:
    """Survey, construction debt and security, per period and commune; the same
    facts are entered in every set (the survey a little lower for higher levels)."""
    counts = met[0].sum(axis=1)
    protected = world.forced.copy()
    protected[world.real] = True
    candidates = np.flatnonzero(~protected)
    debt = set(rng.choice(candidates, size=6, replace=False).tolist())
    debt_cleared = set(sorted(debt)[:3])  # settled by 2023-Q2
    unsafe = set(rng.choice(candidates, size=2, replace=False).tolist())
    unsafe_cleared = set(sorted(unsafe)[:1])
    out: list[list[dict[str, str]]] = [[{} for _ in range(n)] for _ in PERIODS]
    for i in range(n):
        strong = world.ntm[i] or counts[i] >= 15 or protected[i]
        survey = {
            year: float(rng.uniform(90.5, 99.0) if strong else rng.uniform(80.0, 97.0))
            for year in sorted(set(YEARS))
        }
        advanced_drop = float(rng.uniform(0.0, 2.5))
        for p, year in enumerate(YEARS):
            main = survey[year]
            adv = max(main - advanced_drop, 90.2) if protected[i] else main - advanced_drop
            out[p][i] = {
                "hai_long": _text(_round(main, 1)),
                "hai_long_nang_cao": _text(_round(adv, 1)),
                "no_dong_xdcb": "Có"
                if i in debt and not (i in debt_cleared and p >= 2)
                else "Không",
                "an_ninh_phuc_tap": (
                    "Có" if i in unsafe and not (i in unsafe_cleared and p >= 1) else "Không"
                ),
            }
    return out


def _advanced_met(rng: np.random.Generator, world: _World) -> np.ndarray:
    """(periods, communes, advanced criteria but income): stricter standards met
    mostly by recognised communes; progress only upward."""
    n = len(world.level)
    codes = [c for c in CRITERIA if c != INCOME]
    chance = _sigmoid(1.2 * world.level + 1.4 * world.ntm + 2.5 * world.advanced - 1.2)
    met = np.zeros((len(PERIODS), n, len(codes)), dtype=bool)
    met[0] = rng.random((n, len(codes))) < np.asarray(chance)[:, None]
    always = world.forced & world.advanced
    always[world.real] = True
    met[0, always] = True
    for p in range(1, len(PERIODS)):
        met[p] = met[p - 1] | (rng.random((n, len(codes))) < 0.05)
    return met


def _statuses(
    rng: np.random.Generator, communes: Sequence[DemoCommune], tan: int | None
) -> list[list[str]]:
    """Everything approved except 2023-Q4, caught mid-appraisal."""
    n = len(communes)
    approved = [ReportStatus.APPROVED.value] * n
    draw = rng.random(n)
    last = [
        ReportStatus.APPROVED.value
        if r < 0.62
        else ReportStatus.APPRAISED.value
        if r < 0.8
        else ReportStatus.SUBMITTED.value
        if r < 0.955
        else ReportStatus.DRAFT.value
        for r in draw
    ]
    if tan is not None:
        last[tan] = ReportStatus.DRAFT.value
    cao_loc = [i for i in rng.permutation(n) if communes[i].district == CAO_LOC and i != tan]
    waiting = sum(last[i] == ReportStatus.SUBMITTED for i in cao_loc)
    for i in cao_loc:
        if waiting >= 3:
            break
        if last[i] != ReportStatus.SUBMITTED:
            last[i] = ReportStatus.SUBMITTED.value
            waiting += 1
    return [list(approved) for _ in PERIODS[:-1]] + [last]


def _recognitions(rng: np.random.Generator, world: _World) -> list[DemoRecognition]:
    out: list[DemoRecognition] = []
    numbers = iter(rng.choice(np.arange(100, 3000), size=200, replace=False).tolist())

    def synthetic_date(year: int) -> dt.date:
        start = dt.date(year, 6, 1)
        return start + dt.timedelta(days=int(rng.integers(0, 213)))

    for i in np.flatnonzero(world.ntm):
        year = int(world.ntm_year[i])
        out.append(
            DemoRecognition(
                int(i),
                Recognition.Level.NTM.value,
                f"{DEMO_DOCUMENT} {next(numbers)}/QĐ-UBND",
                synthetic_date(year),
                SET_2021 if year >= 2022 else SET_2016,
                SYNTHETIC_NOTE,
            )
        )
    for i in np.flatnonzero(world.advanced):
        if int(i) in world.real:
            _, _, number = REAL_ADVANCED[world.real.index(int(i))]
            out.append(
                DemoRecognition(
                    int(i),
                    Recognition.Level.ADVANCED.value,
                    number,
                    REAL_ADVANCED_DATE,
                    SET_ADVANCED_2021,
                    "Quyết định có thật: công nhận xã đạt chuẩn NTM nâng cao năm 2022. "
                    "Số liệu theo dõi của xã trong bản trình diễn là số liệu minh họa.",
                )
            )
            continue
        year = int(world.advanced_year[i])
        out.append(
            DemoRecognition(
                int(i),
                Recognition.Level.ADVANCED.value,
                f"{DEMO_DOCUMENT} {next(numbers)}/QĐ-UBND",
                synthetic_date(year),
                SET_ADVANCED_2021 if year >= 2022 else SET_ADVANCED_2018,
                SYNTHETIC_NOTE,
            )
        )
    return out


def demo_generate(
    catalog: CriteriaCatalog, communes: Sequence[DemoCommune], seed: int = DEFAULT_SEED
) -> DemoPlan:
    """The whole demo dataset for ``communes``, reproducible from ``seed``.
    ``catalog`` gives the thresholds (with revisions) the values must follow."""
    rng = np.random.default_rng(seed)
    communes = list(communes)
    if len(communes) != N_COMMUNES:
        raise DemoError(
            f"Số liệu minh họa được hiệu chỉnh cho {N_COMMUNES} xã của Lạng Sơn, "
            f"nhưng có {len(communes)} xã thuộc Chương trình."
        )
    real = [_find(communes, name, district) for name, district, _ in REAL_ADVANCED]
    if any(i is None for i in real):
        raise DemoError("Không tìm thấy các xã NTM nâng cao năm 2022 (Chi Lăng, Sơn Hà, Bắc Lãng).")
    real_idx = [int(i) for i in real if i is not None]
    tan = next((i for i, c in enumerate(communes) if c.code == TAN_LIEN_CODE), None)
    for _ in range(500):
        world = _draw_world(rng, communes, real_idx, tan)
        baseline = _draw_baseline(world)
        met, regressions = _draw_progress(rng, world, baseline)
        if _acceptable(met, world):
            break
    else:  # pragma: no cover - every seed tried finds one in a few draws
        raise DemoError(f"Không tạo được ma trận tiêu chí hợp lý với seed {seed}.")

    n = len(communes)
    facts = [
        {
            "has_traditional_craft": bool(rng.random() < 0.15),
            "more_than_3_schools": bool(rng.random() < 0.3),
        }
        for _ in range(n)
    ]
    quality = np.asarray(_sigmoid(world.level))
    thresholds = _Thresholds(catalog)
    adv_income = [float(thresholds(ADVANCED, INCOME, DEMO_REGION, y)) for y in YEARS]
    model_income = [float(thresholds(MODEL, "K2", DEMO_REGION, y)) for y in YEARS]
    # Two communes recognised advanced in 2022 build a smart village in
    # 2023-Q3 (plan II.9.4): candidates for the model level (synthetic ones,
    # so that no real commune is shown as reaching a level it may not have).
    model_candidates = [
        int(i) for i in np.flatnonzero(world.advanced_year == 2022) if int(i) not in world.real
    ][:2]
    adv_met = _advanced_met(rng, world)
    conditions = _conditions(rng, n, world, met)
    adv_codes = [c for c in CRITERIA if c != INCOME]
    values: list[list[dict[tuple[str, str], str]]] = [[{} for _ in range(n)] for _ in PERIODS]
    for i, commune in enumerate(communes):
        floors = None
        if world.advanced[i] and world.forced[i]:
            floors = [t + 0.5 for t in adv_income]
            if i in model_candidates:
                floors = [max(f, m + 0.8) for f, m in zip(floors, model_income, strict=True)]
        per_period = _main_values(
            rng, thresholds, commune, met[:, i, :], facts[i], float(quality[i]), floors
        )
        k4 = 1 if world.advanced[i] and rng.random() < 0.5 else 0
        for p in range(len(PERIODS)):
            row = per_period[p]
            cond = conditions[p][i]
            income = row[(MAIN, INCOME)]
            row[(MAIN, "hai_long")] = cond["hai_long"]
            for set_code in SETS:
                row[(set_code, "no_dong_xdcb")] = cond["no_dong_xdcb"]
                row[(set_code, "an_ninh_phuc_tap")] = cond["an_ninh_phuc_tap"]
            row[(ADVANCED, "hai_long")] = cond["hai_long_nang_cao"]
            row[(MODEL, "hai_long")] = cond["hai_long_nang_cao"]
            for a, code in enumerate(adv_codes):
                row[(ADVANCED, code)] = "Đạt" if adv_met[p, i, a] else "Không đạt"
            row[(ADVANCED, INCOME)] = income
            row[(MODEL, "K2")] = income
            smart = i in model_candidates and p >= 3
            row[(MODEL, "K3")] = "1" if smart else "0"
            row[(MODEL, "K4")] = "1" if smart else str(k4)
            values[p][i] = row
    if tan is not None:
        _leave_blanks(rng, catalog, values[-1][tan], met[-1, tan])
    return DemoPlan(
        seed=seed,
        communes=communes,
        met=met,
        facts=facts,
        values=values,
        statuses=_statuses(rng, communes, tan),
        recognitions=_recognitions(rng, world),
        regressions=regressions,
    )


def _leave_blanks(
    rng: np.random.Generator,
    catalog: CriteriaCatalog,
    row: dict[tuple[str, str], str],
    met: np.ndarray,
) -> None:
    """The demo commune is still entering 2023-Q4: the figures of up to three
    criteria it has not met yet, the survey and the higher levels are blank."""
    unmet = [code for code, ok in zip(CRITERIA, met, strict=True) if not ok]
    chosen = rng.choice(unmet, size=min(3, len(unmet)), replace=False)
    cset = catalog.get(MAIN)
    for code in chosen:
        criterion = next(c for c in cset.criteria if c.code == str(code))
        for m in criterion.indicators:
            row.pop((MAIN, m.code), None)
    row.pop((MAIN, "hai_long"), None)
    for key in [k for k in row if k[0] != MAIN]:
        del row[key]


# -- loading into the database ----------------------------------------------------------


@dataclass(frozen=True)
class DemoLoadResult:
    loaded: bool
    seed: int
    message: str
    seconds: float
    reports: int = 0
    values: int = 0
    revisions: int = 0
    recognitions: int = 0


@contextmanager
def _recompute_jobs_paused() -> Iterator[None]:
    """The demo re-evaluates every report itself once its data is written; a
    background job per threshold revision would only be queued for nothing
    (the demo server runs no worker)."""
    saved = list(THRESHOLD_LISTENERS)
    THRESHOLD_LISTENERS.clear()
    try:
        yield
    finally:
        THRESHOLD_LISTENERS[:] = saved


def demo_thresholds_ensure() -> int:
    """Supply the demo thresholds that are still unknown; returns how many
    revisions were made. A cell that already has a threshold (the shipped
    data or an earlier revision, demo or real) is left alone."""
    made = 0
    for spec in DEMO_THRESHOLDS:
        cset = criteria_catalog().get(spec.set_code)
        years = spec.years or tuple(cset.years)
        known = all(
            (t := cset.threshold(spec.code, DEMO_REGION, y)) is not None and t.value is not None
            for y in years
        )
        if known:
            continue
        threshold_revise(
            user=None,
            set_code=spec.set_code,
            indicator_code=spec.code,
            raw_value=spec.raw,
            classes=[DEMO_REGION],
            years=list(spec.years) if spec.years else None,
            document_number=DEMO_DOCUMENT,
            document_date=DEMO_DOCUMENT_DATE,
            note=" ".join(part for part in (_DEMO_NOTE, spec.note) if part),
            verified=False,
        )
        made += 1
    return made


def demo_communes() -> list[DemoCommune]:
    """The programme communes of Lạng Sơn, in code order."""
    province = AdminUnit.objects.filter(type=UnitType.PROVINCE, code="20").first()
    if province is None:
        raise DemoError("Chưa có đơn vị hành chính tỉnh Lạng Sơn: chạy `ntm units import` trước.")
    out = []
    for unit in unit_programme_communes(province).select_related("parent").order_by("code"):
        district = unit.parent
        lat = unit.latitude if unit.latitude is not None else district.latitude
        lon = unit.longitude if unit.longitude is not None else district.longitude
        out.append(
            DemoCommune(
                code=unit.code,
                name=unit.name,
                district=district.name if district else "",
                region=unit.region or DEMO_REGION,
                latitude=float(lat) if lat is not None else CITY[0],
                longitude=float(lon) if lon is not None else CITY[1],
                poor_district=bool(district and district.poor_district),
            )
        )
    return out


def _marker() -> Job | None:
    return Job.objects.filter(kind=JOB_KIND, status=Job.Status.DONE).order_by("-pk").first()


def _demo_reports() -> QuerySet[Report]:
    return Report.objects.filter(period__code__in=PERIODS)


def _demo_data_delete() -> None:
    """Remove an earlier demo load (its marker proves the reports are ours).
    The bulky rows go with one DELETE each (the ORM would fetch them all
    first); the reports themselves through the ORM, which also handles
    anything else that refers to them. The old marker stays, as history."""
    period_ids = list(Period.objects.filter(code__in=PERIODS).values_list("pk", flat=True))
    if not period_ids:
        return
    reports_table, r = _quoted(Report, "pk", "period")
    values_table, v = _quoted(IndicatorValue, "pk", "report")
    evaluations_table, e = _quoted(Evaluation, "pk", "report")
    marks = ", ".join(["%s"] * len(period_ids))
    reports = f"SELECT {r[0]} FROM {reports_table} WHERE {r[1]} IN ({marks})"
    values = f"SELECT {v[0]} FROM {values_table} WHERE {v[1]} IN ({reports})"
    evaluations = f"SELECT {e[0]} FROM {evaluations_table} WHERE {e[1]} IN ({reports})"
    steps: list[tuple[type[Model], str, str]] = [
        (EvaluationCriterion, "evaluation", evaluations),
        (EvaluationLevel, "evaluation", evaluations),
        (Evaluation, "report", reports),
        (ValueChange, "value", values),
        (Evidence, "value", values),
        (IndicatorValue, "report", reports),
        (ReportEvent, "report", reports),
    ]
    analyze(Report, IndicatorValue, Evaluation, *(model for model, _, _ in steps))
    with connection.cursor() as cursor:
        for model, key, subquery in steps:
            table, (column,) = _quoted(model, key)
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({subquery})", period_ids)
    _demo_reports().delete()


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


# When each period's figures were entered and sent (then appraised and approved
# a few days apart each).
ENTERED = (
    dt.date(2022, 12, 15),
    dt.date(2023, 3, 24),
    dt.date(2023, 6, 23),
    dt.date(2023, 9, 22),
    dt.date(2023, 12, 22),
)
SUBMITTED = (
    dt.date(2022, 12, 26),
    dt.date(2023, 4, 3),
    dt.date(2023, 7, 3),
    dt.date(2023, 10, 2),
    dt.date(2024, 1, 3),
)
STEPS = {
    ReportStatus.DRAFT.value: (),
    ReportStatus.SUBMITTED.value: (ReportStatus.SUBMITTED.value,),
    ReportStatus.APPRAISED.value: (ReportStatus.SUBMITTED.value, ReportStatus.APPRAISED.value),
    ReportStatus.APPROVED.value: (
        ReportStatus.SUBMITTED.value,
        ReportStatus.APPRAISED.value,
        ReportStatus.APPROVED.value,
    ),
}


def _quoted(model: type[Model], *fields: str) -> tuple[str, list[str]]:
    """A model's table and columns, quoted for raw SQL."""
    quote = connection.ops.quote_name
    opts = model._meta
    return quote(opts.db_table), [
        quote(opts.pk.column if f == "pk" else opts.get_field(f).column) for f in fields
    ]


def _insert(model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Plain INSERTs of ready rows, one statement run for many rows: the ORM's
    per-object work would dominate for the ~80 000 values (the caller adapts
    each value as the field would)."""
    table, columns = _quoted(model, *fields)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _write(plan: DemoPlan, catalog: CriteriaCatalog) -> tuple[list[int], int]:
    """Reports, values with their first history row, workflow events: the
    invariants of ``value_save`` and ``report_transition``, in bulk."""
    rng = np.random.default_rng(plan.seed + 1)
    codes = [c.code for c in plan.communes]
    units = {u.code: u.pk for u in AdminUnit.objects.filter(code__in=codes)}
    periods = [period_get_or_create(code) for code in PERIODS]
    indicators = {
        (s, c): pk
        for s, c, pk in Indicator.objects.filter(criteria_set__code__in=SETS).values_list(
            "criteria_set__code", "code", "pk"
        )
    }
    measures = {(s, m.code): m for s in SETS for m in catalog.get(s).iter_measures()}

    reports: list[Report] = []
    timeline: list[list[dt.datetime]] = []  # per report: entered, then each status step
    for p, period in enumerate(periods):
        for i, commune in enumerate(plan.communes):
            status = plan.statuses[p][i]
            entered = _aware(ENTERED[p] - dt.timedelta(days=int(rng.integers(0, 8))), 9)
            moments = [entered]
            day = SUBMITTED[p] + dt.timedelta(days=int(rng.integers(0, 6)))
            for _ in STEPS[status]:
                moments.append(_aware(day, int(rng.integers(8, 17)), int(rng.integers(0, 60))))
                day += dt.timedelta(days=int(rng.integers(2, 9)))
            timeline.append(moments)
            reports.append(
                Report(
                    unit_id=units[commune.code],
                    period=period,
                    status=status,
                    facts=plan.facts[i],
                    status_changed_at=moments[-1],
                )
            )
    Report.objects.bulk_create(reports, batch_size=500)

    # Values as value_save leaves them: parsed by the one parser, version 1,
    # entered by nobody (the system), with one history row each.
    json_field = IndicatorValue._meta.get_field("value")
    time_field = IndicatorValue._meta.get_field("updated_at")
    rows: list[tuple[object, ...]] = []
    cells = ((p, i) for p in range(len(PERIODS)) for i in range(len(plan.communes)))
    for report, (p, i), stamps in zip(reports, cells, timeline, strict=True):
        entered = time_field.get_db_prep_value(stamps[0], connection)
        for key, raw in plan.values[p][i].items():
            value = json_field.get_db_prep_save(parse_value(raw, measures[key]), connection)
            rows.append((report.pk, indicators[key], raw, value, "", 1, None, entered))
    _insert(
        IndicatorValue,
        ("report", "indicator", "raw_text", "value", "note", "version", "updated_by", "updated_at"),
        rows,
    )
    values_table, v = _quoted(
        IndicatorValue, "pk", "version", "raw_text", "note", "updated_at", "report"
    )
    changes_table, c = _quoted(
        ValueChange,
        "value",
        "version",
        "old_raw",
        "new_raw",
        "old_note",
        "new_note",
        "reason",
        "changed_by",
        "changed_at",
    )
    reports_table, r = _quoted(Report, "pk", "period")
    period_marks = ", ".join(["%s"] * len(periods))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {changes_table} ({', '.join(c)}) "
            f"SELECT {v[0]}, {v[1]}, '', {v[2]}, '', {v[3]}, %s, NULL, {v[4]} "
            f"FROM {values_table} WHERE {v[5]} IN "
            f"(SELECT {r[0]} FROM {reports_table} WHERE {r[1]} IN ({period_marks}))",
            [VALUE_REASON, *(period.pk for period in periods)],
        )

    event_time = ReportEvent._meta.get_field("at")
    events: list[tuple[object, ...]] = []
    for report, stamps in zip(reports, timeline, strict=True):
        previous = ReportStatus.DRAFT.value
        for to_status, at in zip(STEPS[report.status], stamps[1:], strict=True):
            at_db = event_time.get_db_prep_value(at, connection)
            events.append((report.pk, previous, to_status, EVENT_REASON, None, at_db))
            previous = to_status
    _insert(ReportEvent, ("report", "from_status", "to_status", "reason", "actor", "at"), events)
    return [r.pk for r in reports], len(rows)


def _verify(plan: DemoPlan) -> None:
    """The stored evaluations must give exactly the planned counts."""
    rows = (
        EvaluationCriterion.objects.filter(
            evaluation__criteria_set__code=MAIN,
            evaluation__report__period__code__in=PERIODS,
            met=True,
        )
        .values_list("evaluation__report__period__code", "code")
        .annotate(n=Count("pk"))
    )
    stored = {(period, code): n for period, code, n in rows}
    for p, period in enumerate(PERIODS):
        for code, expected in plan.counts(p).items():
            if stored.get((period, code), 0) != expected:
                raise DemoError(
                    f"Kỳ {period}, tiêu chí {code}: đánh giá được {stored.get((period, code), 0)} "
                    f"xã đạt, kế hoạch số liệu là {expected}."
                )


def demo_monitoring_load(
    *, seed: int = DEFAULT_SEED, log: Callable[[str], None] | None = None
) -> DemoLoadResult:
    """Load the demo data (all or nothing). With the same seed already loaded,
    nothing is done; an earlier demo load with another seed (or an older
    generator) is replaced; real reports for the demo periods are never
    touched (the load is refused)."""
    started = time.perf_counter()
    say = log or (lambda _message: None)
    communes = demo_communes()
    marker = _marker()
    if (
        marker is not None
        and marker.result.get("seed") == seed
        and marker.result.get("version") == GENERATOR_VERSION
        and _demo_reports().exists()
    ):
        return DemoLoadResult(
            loaded=False,
            seed=seed,
            message=f"Số liệu minh họa (seed {seed}) đã có, không nạp lại.",
            seconds=time.perf_counter() - started,
        )
    with _recompute_jobs_paused(), transaction.atomic():
        if marker is not None:
            say(f"Thay số liệu minh họa cũ (seed {marker.result.get('seed')})…")
            _demo_data_delete()
            Recognition.objects.filter(pk__in=marker.result.get("recognition_ids", [])).delete()
        elif _demo_reports().exists():
            raise DemoError(
                "Đã có báo cáo các kỳ 2022, 2023 không phải số liệu minh họa; "
                "không nạp số liệu minh họa để khỏi lẫn với số liệu thật."
            )
        revisions = demo_thresholds_ensure()
        catalog = criteria_catalog()
        plan = demo_generate(catalog, communes, seed)
        report_ids, n_values = _write(plan, catalog)
        units = {u.code: u for u in AdminUnit.objects.filter(code__in=[c.code for c in communes])}
        recognitions = Recognition.objects.bulk_create(
            [
                Recognition(
                    unit=units[plan.communes[r.commune].code],
                    level=r.level,
                    decision_number=r.decision_number,
                    decision_date=r.decision_date,
                    criteria_set=r.criteria_set,
                    note=r.note,
                )
                for r in plan.recognitions
            ]
        )
        evaluations_recompute(report_ids)
        _verify(plan)
        seconds = time.perf_counter() - started
        message = (
            f"Đã nạp số liệu minh họa (seed {seed}): {format_number_vi(len(report_ids))} báo cáo, "
            f"{format_number_vi(n_values)} giá trị, {len(recognitions)} quyết định công nhận, "
            f"{revisions} ngưỡng minh họa mới, trong {format_number_vi(round(seconds, 1))} giây."
        )
        job = job_create(kind=JOB_KIND, title=f"Nạp số liệu minh họa (seed {seed})")
        job_finish(
            job_id=job.pk,
            result={
                "seed": seed,
                "version": GENERATOR_VERSION,
                "reports": len(report_ids),
                "values": n_values,
                "recognition_ids": [r.pk for r in recognitions],
            },
            message=message,
        )
    return DemoLoadResult(
        loaded=True,
        seed=seed,
        message=message,
        seconds=seconds,
        reports=len(report_ids),
        values=n_values,
        revisions=revisions,
        recognitions=len(recognitions),
    )


def demo_revisions() -> list[ThresholdRevision]:
    """The demo thresholds in the database (for pages and documentation)."""
    return list(
        ThresholdRevision.objects.filter(document_number=DEMO_DOCUMENT).select_related(
            "criteria_set", "indicator"
        )
    )
