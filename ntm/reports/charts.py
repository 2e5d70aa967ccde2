"""Charts for documents, drawn on the server as PNG with matplotlib.

Figures are built with the object API (no pyplot state, safe in threads),
in DejaVu Sans (shipped with matplotlib; it has every Vietnamese letter) and
with Vietnamese number forms on the axes. Matplotlib is imported when a
chart is drawn, not when the web app starts (it takes most of a second)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ntm.core.numbers_vi import format_number_vi

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter
    from matplotlib.typing import RcKeyType

FONT = "DejaVu Sans"
DPI = 150
WIDTH_IN = 6.3  # 160 mm, the width charts are placed at
COLOR_NOW = "#2e7d32"
COLOR_BEFORE = "#a5d6a7"
COLOR_TARGET = "#c62828"
COLOR_LINE = "#1565c0"

_RC: dict[RcKeyType, Any] = {
    "font.family": FONT,
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 9,
    "axes.titleweight": "bold",
}


def _style() -> AbstractContextManager[object]:
    import matplotlib

    return matplotlib.rc_context(_RC)


def _vi_ticks(decimals: int | None = None) -> FuncFormatter:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda x, _pos: format_number_vi(float(x), decimals))


def _png(fig: Figure) -> bytes:
    """One draw, fast PNG compression: a document carries a few charts and
    the annual report's budget is seconds (layout engines and a "tight"
    bounding box would each draw the figure again)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, facecolor="white", pil_kwargs={"compress_level": 1})
    return out.getvalue()


def _figure(height_in: float, *, left: float, bottom: float = 0.45, top: float = 0.3) -> Figure:
    """A figure with fixed margins (inches): room for the labels without a
    layout engine measuring every text."""
    from matplotlib.figure import Figure

    with _style():
        fig = Figure(figsize=(WIDTH_IN, height_in))
    fig.subplots_adjust(
        left=left / WIDTH_IN,
        right=1 - 0.15 / WIDTH_IN,
        bottom=bottom / height_in,
        top=1 - top / height_in,
    )
    return fig


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    before: float | None = None  # the same figure at the baseline
    target: float | None = None  # the plan's target


def bars_horizontal(
    bars: Sequence[Bar],
    *,
    title: str,
    axis_label: str,
    now_label: str,
    before_label: str = "",
    target_label: str = "",
    maximum: float | None = None,
    reference: float | None = None,
    reference_label: str = "",
    decimals: int | None = 0,
) -> bytes:
    """One row per item: the current value as a bar, the baseline as a
    lighter bar behind it, the target as a marker, values printed at the end."""
    with _style():
        longest = max((len(b.label) for b in bars), default=10)
        has_legend = (
            any(b.before is not None for b in bars)
            or any(b.target is not None for b in bars)
            or reference is not None
        )
        height = max(1.6, 0.26 * len(bars) + (1.3 if has_legend else 1.0))
        fig = _figure(height, left=0.25 + 0.058 * longest, bottom=0.8 if has_legend else 0.45)
        ax = fig.add_subplot()
        ys = list(range(len(bars)))[::-1]
        has_before = any(b.before is not None for b in bars)
        has_target = any(b.target is not None for b in bars)
        if has_before:
            ax.barh(
                ys,
                [b.before or 0 for b in bars],
                height=0.8,
                color=COLOR_BEFORE,
                label=before_label,
            )
        ax.barh(
            ys,
            [b.value for b in bars],
            height=0.45 if has_before else 0.7,
            color=COLOR_NOW,
            label=now_label,
        )
        if has_target:
            points = [(b.target, y) for b, y in zip(bars, ys, strict=True) if b.target is not None]
            ax.scatter(
                [p[0] for p in points],
                [p[1] for p in points],
                marker="D",
                s=14,
                color=COLOR_TARGET,
                zorder=3,
                label=target_label,
            )
        if reference is not None:
            ax.axvline(
                reference, color=COLOR_LINE, linestyle="--", linewidth=1, label=reference_label
            )
        top = maximum or max(
            [b.value for b in bars]
            + [b.target or 0 for b in bars]
            + [b.before or 0 for b in bars]
            + [reference or 0, 1]
        )
        for b, y in zip(bars, ys, strict=True):
            ax.text(
                b.value + top * 0.01,
                y,
                format_number_vi(b.value, decimals),
                va="center",
                fontsize=7,
            )
        ax.set_yticks(ys, [b.label for b in bars])
        ax.set_xlim(0, top * 1.08)
        ax.xaxis.set_major_formatter(_vi_ticks())
        ax.set_xlabel(axis_label)
        ax.set_title(title)
        if has_legend:
            fig.legend(loc="lower center", ncol=3, fontsize=7, frameon=False)
        return _png(fig)


def bars_grouped(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    axis_label: str,
) -> bytes:
    """Vertical bars, one group per label, one bar per series (e.g. communes
    per group of criteria met, at the baseline and now)."""
    from matplotlib import ticker

    colors = [COLOR_BEFORE, COLOR_NOW, COLOR_LINE, COLOR_TARGET]
    with _style():
        fig = _figure(2.8, left=0.6, bottom=0.6)
        ax = fig.add_subplot()
        n = len(series)
        width = 0.8 / max(n, 1)
        for i, (name, values) in enumerate(series):
            xs = [x + (i - (n - 1) / 2) * width for x in range(len(labels))]
            rects = ax.bar(xs, values, width=width, color=colors[i % len(colors)], label=name)
            ax.bar_label(rects, labels=[format_number_vi(v) for v in values], fontsize=7)
        ax.set_xticks(range(len(labels)), labels)
        ax.yaxis.set_major_locator(ticker.MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(_vi_ticks())
        ax.set_ylabel(axis_label)
        ax.set_title(title)
        if n > 1:
            ax.legend(fontsize=7, frameon=False)
        return _png(fig)
