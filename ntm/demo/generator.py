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

The generator (:func:`demo_generate`) is pure: no database; ``ntm.demo.loader``
writes its result."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.demo.dataset import (
    ADVANCED_RECOGNISED_2022,
    ADVANCED_YEARS,
    BASELINE_2022,
    CAO_LOC,
    CITY,
    CRITERIA,
    DEFAULT_SEED,
    DISTRICT_LEVEL,
    INCOME,
    N_COMMUNES,
    NTM_RECOGNISED_2022,
    NTM_YEARS,
    PERIODS,
    REAL_ADVANCED,
    REAL_ADVANCED_DATE,
    REGRESSIONS,
    SET_2016,
    SET_2021,
    SET_ADVANCED_2018,
    SET_ADVANCED_2021,
    SYNTHETIC_NOTE,
    TAN_LIEN_CODE,
    TARGETS_2023,
    YEARS,
    DemoCommune,
    DemoPlan,
    DemoRecognition,
)
from ntm.demo.errors import DemoError
from ntm.demo.indicator_values import (
    ThresholdLookup,
    as_number,
    leave_blanks,
    main_set_values,
    round_half_up,
    vi_text,
)
from ntm.demo.thresholds import ADVANCED, DEMO_DOCUMENT, DEMO_REGION, MAIN, MODEL, SETS
from ntm.monitoring.models import Recognition, ReportStatus


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
                "hai_long": vi_text(round_half_up(main, 1)),
                "hai_long_nang_cao": vi_text(round_half_up(adv, 1)),
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


def _draw_acceptable(
    rng: np.random.Generator,
    communes: Sequence[DemoCommune],
    real: list[int],
    tan: int | None,
    seed: int,
) -> tuple[_World, np.ndarray, list[tuple[str, int, int]]]:
    """A world and its met matrices that look like the province (a few draws)."""
    for _ in range(500):
        world = _draw_world(rng, communes, real, tan)
        baseline = _draw_baseline(world)
        met, regressions = _draw_progress(rng, world, baseline)
        if _acceptable(met, world):
            return world, met, regressions
    raise DemoError(  # pragma: no cover - every seed tried finds one in a few draws
        f"Không tạo được ma trận tiêu chí hợp lý với seed {seed}."
    )


_ADVANCED_CODES = [c for c in CRITERIA if c != INCOME]  # the advanced set's, income aside


def _real_advanced(communes: Sequence[DemoCommune]) -> list[int]:
    """Indexes of the three real advanced communes, checking the commune list first."""
    if len(communes) != N_COMMUNES:
        raise DemoError(
            f"Số liệu minh họa được hiệu chỉnh cho {N_COMMUNES} xã của Lạng Sơn, "
            f"nhưng có {len(communes)} xã thuộc Chương trình."
        )
    real = [_find(communes, name, district) for name, district, _ in REAL_ADVANCED]
    if any(i is None for i in real):
        raise DemoError("Không tìm thấy các xã NTM nâng cao năm 2022 (Chi Lăng, Sơn Hà, Bắc Lãng).")
    return [int(i) for i in real if i is not None]


def _draw_facts(rng: np.random.Generator, n: int) -> list[dict[str, bool]]:
    return [
        {
            "has_traditional_craft": bool(rng.random() < 0.15),
            "more_than_3_schools": bool(rng.random() < 0.3),
        }
        for _ in range(n)
    ]


def _income_floors(
    world: _World,
    i: int,
    adv_income: list[float],
    model_income: list[float],
    model_candidates: list[int],
) -> list[float] | None:
    """Yearly income floors for a commune forced to the advanced (or model) level."""
    if not (world.advanced[i] and world.forced[i]):
        return None
    floors = [t + 0.5 for t in adv_income]
    if i in model_candidates:
        floors = [max(f, m + 0.8) for f, m in zip(floors, model_income, strict=True)]
    return floors


def _add_other_sets(
    row: dict[tuple[str, str], str],
    cond: dict[str, str],
    adv_met: np.ndarray,
    smart: bool,
    k4: int,
) -> None:
    """Fill one period's ``row`` (main set drawn) with the conditions and the
    advanced and model sets' values."""
    income = row[(MAIN, INCOME)]
    row[(MAIN, "hai_long")] = cond["hai_long"]
    for set_code in SETS:
        row[(set_code, "no_dong_xdcb")] = cond["no_dong_xdcb"]
        row[(set_code, "an_ninh_phuc_tap")] = cond["an_ninh_phuc_tap"]
    row[(ADVANCED, "hai_long")] = cond["hai_long_nang_cao"]
    row[(MODEL, "hai_long")] = cond["hai_long_nang_cao"]
    for a, code in enumerate(_ADVANCED_CODES):
        row[(ADVANCED, code)] = "Đạt" if adv_met[a] else "Không đạt"
    row[(ADVANCED, INCOME)] = income
    row[(MODEL, "K2")] = income
    row[(MODEL, "K3")] = "1" if smart else "0"
    row[(MODEL, "K4")] = "1" if smart else str(k4)


def demo_generate(
    catalog: CriteriaCatalog, communes: Sequence[DemoCommune], seed: int = DEFAULT_SEED
) -> DemoPlan:
    """The whole demo dataset for ``communes``, reproducible from ``seed``.
    ``catalog`` gives the thresholds (with revisions) the values must follow."""
    rng = np.random.default_rng(seed)
    communes = list(communes)
    real_idx = _real_advanced(communes)
    tan = next((i for i, c in enumerate(communes) if c.code == TAN_LIEN_CODE), None)
    world, met, regressions = _draw_acceptable(rng, communes, real_idx, tan, seed)

    n = len(communes)
    facts = _draw_facts(rng, n)
    quality = np.asarray(_sigmoid(world.level))
    thresholds = ThresholdLookup(catalog)
    adv_income = [as_number(thresholds(ADVANCED, INCOME, DEMO_REGION, y)) for y in YEARS]
    model_income = [as_number(thresholds(MODEL, "K2", DEMO_REGION, y)) for y in YEARS]
    # Two communes recognised advanced in 2022 build a smart village in
    # 2023-Q3 (plan II.9.4): candidates for the model level (synthetic ones,
    # so that no real commune is shown as reaching a level it may not have).
    model_candidates = [
        int(i) for i in np.flatnonzero(world.advanced_year == 2022) if int(i) not in world.real
    ][:2]
    adv_met = _advanced_met(rng, world)
    conditions = _conditions(rng, n, world, met)
    values: list[list[dict[tuple[str, str], str]]] = [[{} for _ in range(n)] for _ in PERIODS]
    for i, commune in enumerate(communes):
        floors = _income_floors(world, i, adv_income, model_income, model_candidates)
        per_period = main_set_values(
            rng, thresholds, commune, met[:, i, :], facts[i], float(quality[i]), floors
        )
        k4 = 1 if world.advanced[i] and rng.random() < 0.5 else 0
        for p in range(len(PERIODS)):
            smart = i in model_candidates and p >= 3
            _add_other_sets(per_period[p], conditions[p][i], adv_met[p, i], smart, k4)
            values[p][i] = per_period[p]
    if tan is not None:
        leave_blanks(rng, catalog, values[-1][tan], met[-1, tan])
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
