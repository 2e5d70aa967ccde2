"""What the demo monitoring data is calibrated on (Lạng Sơn's 2023 plan) and
the shape of a generated dataset."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

DEFAULT_SEED = 2023
# Bump when the generator changes: a demo database loaded by an older version
# is then replaced instead of kept.
GENERATOR_VERSION = 1

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

SYNTHETIC_NOTE = "Số liệu minh họa: quyết định giả định để trình diễn, không phải văn bản thật."

TAN_LIEN_CODE = "6244"  # the demo commune officer's commune: left as a draft in 2023-Q4
CAO_LOC = "Huyện Cao Lộc"  # the demo district officer's district: reports waiting in 2023-Q4


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
