"""Thresholds the law data leaves unknown, supplied for the demo.

They go through the office's own revision mechanism (``threshold_revise``),
cited as "Số liệu minh họa" and not verified, so every screen shows they are
not law."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ntm.criteria.models import ThresholdRevision
from ntm.criteria.selectors import criteria_catalog
from ntm.criteria.services import threshold_revise

MAIN = "xa-ntm-2021-2025"
ADVANCED = "xa-ntm-nang-cao-2021-2025"
MODEL = "xa-ntm-kieu-mau-2021-2025"
SETS = (MAIN, ADVANCED, MODEL)

DEMO_DOCUMENT = "Số liệu minh họa"
DEMO_DOCUMENT_DATE = dt.date(2023, 1, 1)


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


def demo_revisions() -> list[ThresholdRevision]:
    """The demo thresholds in the database (for pages and documentation)."""
    return list(
        ThresholdRevision.objects.filter(document_number=DEMO_DOCUMENT).select_related(
            "criteria_set", "indicator"
        )
    )
