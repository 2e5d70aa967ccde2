"""Indicator values, as raw text written the Vietnamese way, that produce
exactly a planned met/not-met matrix: an unmet criterion has at least one
failing indicator, a met one none. Pure: no database."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

import numpy as np

from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import Comparison, Measure, ThresholdValue, ValueType
from ntm.core.numbers_vi import format_number_vi
from ntm.demo.dataset import (
    CRITERIA,
    FAIL_WEIGHT,
    INCOME,
    LOW_SPREAD,
    ORGANISATIONS,
    PERIODS,
    SCHOOL_RATIOS,
    SPREAD,
    VILLAGE_RATIOS,
    YEARS,
    DemoCommune,
)
from ntm.demo.errors import DemoError
from ntm.demo.thresholds import MAIN


def as_number(threshold: ThresholdValue) -> float:
    """The threshold of a numeric indicator (never a list of options)."""
    if isinstance(threshold, tuple):
        raise TypeError(f"not a numeric threshold: {threshold!r}")
    return float(threshold)


def _dec(x: float) -> Decimal:
    return Decimal(repr(float(x)))


def round_half_up(x: float, places: int) -> Decimal:
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
        value = round_half_up(x, places)
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


def vi_text(value: Decimal | int) -> str:
    return format_number_vi(value)


class ThresholdLookup:
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


def main_set_values(
    rng: np.random.Generator,
    thresholds: ThresholdLookup,
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
                ks = _ratio_series(rng, ok, as_number(thr[0]), n)
                texts = [vi_text(_pct(k, n)) for k in ks]
            elif m.code == "5.1":
                ks = _ratio_series(rng, ok, as_number(thr[0]), schools)
                if school_l1 is not None:
                    # Level-1 schools are among those at the minimum standard.
                    l1_ok = oks[school_l1.code]
                    l1 = _ratio_series(rng, l1_ok, as_number(limits[school_l1.code][0]), schools)
                    l1 = [min(k1, schools - 1) if not ok[p] else k1 for p, k1 in enumerate(l1)]
                    ks = [max(k, k1) for k, k1 in zip(ks, l1, strict=True)]
                    out_l1 = [vi_text(_pct(k1, schools)) for k1 in l1]
                    for p in range(n_periods):
                        out[p][(MAIN, school_l1.code)] = out_l1[p]
                texts = [vi_text(_pct(k, schools)) for k in ks]
            elif m.code in SCHOOL_RATIOS:
                continue  # written with 5.1
            else:
                places = 2 if rng.random() < 0.4 else 1
                series = _number_series(
                    rng,
                    ok,
                    [as_number(t) for t in thr],
                    m.comparison,
                    quality=quality,
                    cap=100.0 if m.value_type is ValueType.PERCENT else None,
                    places=places,
                    spread=SPREAD.get(m.code, LOW_SPREAD.get(m.code, 0.85)),
                    growth=growth if m.code == INCOME else [1.0] * n_periods,
                    floors=income_floors if m.code == INCOME else None,
                )
                texts = [vi_text(v) for v in series]
            for p in range(n_periods):
                out[p][(MAIN, m.code)] = texts[p]
    return out


def leave_blanks(
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
