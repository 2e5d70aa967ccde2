"""Timing that can be trusted on a noisy shared machine: warm-up runs, then
the median of several runs; every figure is printed with a floor measured in
the same run and the ratio to it."""

from __future__ import annotations

import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


def median_seconds(fn: Callable[[], object], *, runs: int = 7, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


@dataclass
class Figure:
    name: str
    value: float  # seconds unless unit says otherwise
    budget: float | None = None  # same unit as value; None: no budget, reported only
    floor: float | None = None
    max_ratio: float | None = None  # budget on value / floor
    unit: str = "s"
    note: str = ""
    database: str = ""

    @property
    def ratio(self) -> float | None:
        return self.value / self.floor if self.floor else None

    @property
    def passed(self) -> bool:
        ok = self.budget is None or self.value <= self.budget
        if self.max_ratio is not None and self.ratio is not None:
            ok = ok and self.ratio <= self.max_ratio
        return ok


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "count":
        return f"{value:.0f}"
    return f"{value:.1f} {unit}"


@dataclass
class Results:
    figures: list[Figure] = field(default_factory=list)

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        ratio = f"{figure.ratio:.2f}×" if figure.ratio is not None else "—"
        status = "pass" if figure.passed else "FAIL"
        print(
            f"  {figure.name:<58} {_fmt(figure.value, figure.unit):>10}  "
            f"floor {_fmt(figure.floor, figure.unit):>10}  ratio {ratio:>7}  "
            f"budget {_budget(figure):>16}  {status}",
            flush=True,
        )
        return figure

    @property
    def passed(self) -> bool:
        return all(f.passed for f in self.figures)

    def write_markdown(self, path: Path, *, started: float) -> None:
        lines = [
            "# Benchmark results",
            "",
            f"- date: {time.strftime('%Y-%m-%d %H:%M %Z')}",
            f"- machine: {platform.node()}, {platform.machine()}, "
            f"{_cpu_count()} cores, Python {platform.python_version()}",
            f"- duration: {time.time() - started:.0f} s",
            "- times are medians after warm-up runs; the floor is measured in the same run",
            "",
            "| figure | database | value | floor | ratio | budget | status | note |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for f in self.figures:
            ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "—"
            lines.append(
                f"| {f.name} | {f.database or '—'} | {_fmt(f.value, f.unit)} | "
                f"{_fmt(f.floor, f.unit)} | {ratio} | {_budget(f)} | "
                f"{'pass' if f.passed else '**FAIL**'} | {f.note} |"
            )
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _budget(f: Figure) -> str:
    parts = []
    if f.budget is not None:
        parts.append(f"≤ {_fmt(f.budget, f.unit)}")
    if f.max_ratio is not None:
        parts.append(f"≤ {f.max_ratio:g}× floor")
    return ", ".join(parts) or "—"


def _cpu_count() -> int:
    import os

    return os.cpu_count() or 0
