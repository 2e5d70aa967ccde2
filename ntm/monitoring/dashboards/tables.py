"""The tables of each page as plain rows, for the .xlsx downloads.

Each table is declared once as a list of columns, each column saying its
header (with its unit), how to read its cell from one row, and its Excel
number format; :func:`_table` lays the rows out. Headers are lazy so that
the module-level declarations are translated in the language of the request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any, Generic, Protocol, TypeVar

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.criteria.selectors import shown_code
from ntm.dates import format_date, format_moment, local_today
from ntm.monitoring.dashboards.figures import (
    AreaRow,
    CommuneRow,
    CommuneStatus,
    CountFigure,
    CriterionFigure,
    Dashboard,
    TrendRow,
)
from ntm.monitoring.dashboards.periods import LevelDef
from ntm.monitoring.dashboards.scorecard import HistoryRow, IndicatorLine, Scorecard
from ntm.monitoring.models import Period, Recognition, Report

# Number formats of exported tables (Excel codes).
FMT_INT = "#,##0"
FMT_DEC = "0.00"

Row = TypeVar("Row")
RowIn = TypeVar("RowIn", contravariant=True)  # a column reads rows, never makes them


@dataclass(frozen=True)
class ExportTable:
    title: str
    columns: list[tuple[str, str | None]]  # header (with its unit), number format
    rows: list[Sequence[Any]]


@dataclass(frozen=True)
class Col(Generic[RowIn]):
    """One column: header (with its unit), the cell of a row, number format."""

    header: str | Promise
    cell: Callable[[RowIn], Any]
    fmt: str | None = None


def _table(title: str, columns: Sequence[Col[Row]], rows: Iterable[Row]) -> ExportTable:
    return ExportTable(
        title,
        [(str(c.header), c.fmt) for c in columns],
        [[c.cell(row) for c in columns] for row in rows],
    )


def _period_label(period: Period | None) -> str:
    return str(period) if period else _("chưa có kỳ")


def export_note(scope_name: str, period: Period | None) -> str:
    return _(
        "Nguồn: Hệ thống quản lý Chương trình MTQG xây dựng nông thôn mới; số liệu đã được "
        "tỉnh phê duyệt. Phạm vi: %(scope)s. Kỳ: %(period)s. Xuất ngày %(today)s."
    ) % {
        "scope": scope_name,
        "period": _period_label(period),
        "today": format_date(local_today()),
    }


def _yes(flag: bool) -> str:
    return _("có") if flag else _("không")


def _met_text(row: CommuneRow, code: str) -> str:
    """A commune's verdict on one criterion; blank without approved figures."""
    if code not in row.criteria:
        return ""
    return _("đạt") if row.criteria[code] else _("chưa")


# -- columns of the dashboard tables -------------------------------------------------

_CODE = Col[CommuneStatus](gettext_lazy("Mã xã"), attrgetter("code"))
_NAME = Col[CommuneStatus](gettext_lazy("Xã"), attrgetter("name"))
_DISTRICT = Col[CommuneStatus](gettext_lazy("Huyện"), attrgetter("district"))

_SUMMARY: list[Col[Sequence[Any]]] = [
    Col(gettext_lazy("Chỉ số"), itemgetter(0)),
    Col(gettext_lazy("Giá trị"), itemgetter(1), FMT_DEC),
    Col(gettext_lazy("Ghi chú"), itemgetter(2)),
]
_CRITERIA: list[Col[CriterionFigure]] = [
    Col(gettext_lazy("Tiêu chí"), attrgetter("code")),
    Col(gettext_lazy("Tên tiêu chí"), attrgetter("name")),
    Col(gettext_lazy("Số xã đạt (xã)"), attrgetter("met"), FMT_INT),
    Col(gettext_lazy("Tổng số xã (xã)"), attrgetter("total"), FMT_INT),
    Col(gettext_lazy("Tỷ lệ (%)"), attrgetter("share"), FMT_DEC),
    Col(gettext_lazy("Số xã có số liệu (xã)"), attrgetter("with_data"), FMT_INT),
    Col(gettext_lazy("Số xã chưa có số liệu (xã)"), attrgetter("without_data"), FMT_INT),
]


def _count_columns(first: Promise) -> list[Col[CountFigure]]:
    """Communes at a level or in a band: label, number, share."""
    return [
        Col(first, attrgetter("label")),
        Col(gettext_lazy("Số xã (xã)"), attrgetter("count"), FMT_INT),
        Col(gettext_lazy("Tỷ lệ (%)"), attrgetter("share"), FMT_DEC),
    ]


_TREND: list[Col[TrendRow]] = [
    Col(gettext_lazy("Kỳ"), lambda t: str(t.period)),
    Col(gettext_lazy("Số xã có số liệu đã phê duyệt (xã)"), attrgetter("reported"), FMT_INT),
    Col(gettext_lazy("Trong đó giữ số liệu kỳ trước (xã)"), attrgetter("carried"), FMT_INT),
    Col(gettext_lazy("Bình quân tiêu chí/xã"), attrgetter("avg"), FMT_DEC),
    Col(gettext_lazy("Số xã đạt đủ tiêu chí (xã)"), attrgetter("full"), FMT_INT),
]
_RECOGNISED_SHORT: list[Col[CommuneStatus]] = [
    _CODE,
    _NAME,
    _DISTRICT,
    Col(gettext_lazy("Số tiêu chí đạt"), attrgetter("met"), FMT_INT),
    Col(gettext_lazy("Tiêu chí chưa đạt"), lambda c: ", ".join(c.missing)),
]
_UNREPORTED: list[Col[CommuneStatus]] = [
    _CODE,
    _NAME,
    _DISTRICT,
    Col(gettext_lazy("Trạng thái"), attrgetter("status_label")),
]
_AREA_HEAD: list[Col[AreaRow]] = [
    Col(gettext_lazy("Huyện"), attrgetter("name")),
    Col(gettext_lazy("Số xã (xã)"), attrgetter("communes"), FMT_INT),
    Col(gettext_lazy("Số xã có số liệu đã phê duyệt (xã)"), attrgetter("reported"), FMT_INT),
    Col(gettext_lazy("Bình quân tiêu chí/xã"), attrgetter("avg"), FMT_DEC),
    Col(gettext_lazy("Số xã đạt đủ tiêu chí (xã)"), attrgetter("full"), FMT_INT),
]
_AREA_BORDER: list[Col[AreaRow]] = [
    Col(gettext_lazy("Số xã biên giới (xã)"), attrgetter("border_flagged"), FMT_INT),
    Col(gettext_lazy("Bình quân tiêu chí/xã biên giới"), attrgetter("border_avg"), FMT_DEC),
]
_COMMUNE: list[Col[CommuneRow]] = [
    Col(gettext_lazy("Mã xã"), lambda r: r.status.code),
    Col(gettext_lazy("Xã"), lambda r: r.status.name),
    Col(gettext_lazy("Trạng thái báo cáo"), lambda r: r.status.figures_label),
    Col(gettext_lazy("Số tiêu chí đạt"), lambda r: r.status.met, FMT_INT),
    Col(gettext_lazy("Nhóm"), attrgetter("band")),
    Col(gettext_lazy("Mức đạt"), lambda r: ", ".join(r.levels)),
    Col(gettext_lazy("Đã công nhận NTM"), lambda r: _yes(r.status.recognised)),
]
_QUEUE: list[Col[Report]] = [
    Col(gettext_lazy("Mã xã"), lambda r: r.unit.code),
    Col(gettext_lazy("Xã"), lambda r: r.unit.name),
    Col(gettext_lazy("Kỳ"), lambda r: str(r.period)),
    Col(gettext_lazy("Gửi lúc"), lambda r: format_moment(r.status_changed_at)),
]


class _WithLevels(Protocol):
    @property
    def levels(self) -> dict[str, int]: ...  # LevelDef.key → communes


def _level_column(lv: LevelDef, header: str) -> Col[_WithLevels]:
    """Communes reaching a level, in a trend or area row."""
    return Col(header, lambda row: row.levels.get(lv.key, 0), FMT_INT)


def _criterion_count(code: str) -> Col[AreaRow]:
    """Communes of an area meeting one criterion."""
    return Col(_("TC %(code)s (xã)") % {"code": code}, lambda a: a.criteria.get(code, 0), FMT_INT)


def _criterion_verdict(code: str) -> Col[CommuneRow]:
    """One commune's verdict on one criterion."""
    return Col(_("TC %(code)s") % {"code": code}, lambda r: _met_text(r, code))


def _summary_rows(dash: Dashboard) -> list[list[Any]]:
    t = dash.total
    return [
        [_("Số xã thuộc Chương trình"), t.communes, ""],
        [_("Số xã có số liệu đã phê duyệt"), t.reported, dash.coverage_text],
        [_("Trong đó giữ số liệu đã phê duyệt của kỳ trước"), t.carried, ""],
        [_("Số xã chưa có số liệu đã phê duyệt"), t.unreported, ""],
        [_("Bình quân tiêu chí/xã"), t.avg, _("trên các xã có số liệu đã phê duyệt")],
        [dash.full_figure.label, t.full, dash.full_figure.percent_text],
        [_("Số xã biên giới được đánh dấu"), t.border_flagged, ""],
        [_("Bình quân tiêu chí/xã biên giới"), t.border_avg, ""],
        [_("Số xã đang giữ quyết định công nhận đạt chuẩn NTM"), dash.recognition.recognised, ""],
        [
            _("Số xã đã công nhận nhưng chưa đạt đủ tiêu chí"),
            len(dash.recognition.recognised_short),
            "",
        ],
    ]


def dashboard_tables(dash: Dashboard) -> dict[str, ExportTable]:
    """Every table of a dashboard page, by the name used in ``?xlsx=``."""
    tables = _shared_tables(dash)
    tables.update(_district_tables(dash) if dash.is_district else _province_tables(dash))
    return tables


def _shared_tables(dash: Dashboard) -> dict[str, ExportTable]:
    """The tables of both the province and the district dashboards."""
    p = _period_label(dash.period)
    where = dash.scope.name
    both = {"scope": where, "period": p}
    return {
        "tong-quan": _table(
            _("Tổng quan %(scope)s, %(period)s") % both, _SUMMARY, _summary_rows(dash)
        ),
        "tieu-chi": _table(
            _("Số xã đạt từng tiêu chí, %(scope)s, %(period)s") % both, _CRITERIA, dash.criteria
        ),
        "muc-dat": _table(
            _("Số xã đạt các mức, %(scope)s, %(period)s") % both,
            _count_columns(gettext_lazy("Mức")),
            [dash.full_figure, *dash.level_figures],
        ),
        "nhom": _table(
            _("Số xã theo số tiêu chí đạt, %(scope)s, %(period)s") % both,
            _count_columns(gettext_lazy("Nhóm")),
            dash.bands,
        ),
        "xu-huong": _table(
            _("Diễn biến qua các kỳ, %(scope)s") % {"scope": where},
            [
                *_TREND,
                *[
                    _level_column(lv, _("Số xã đạt %(level)s (xã)") % {"level": lv.name})
                    for lv in dash.levels
                ],
            ],
            dash.trend,
        ),
        "cong-nhan": _table(
            _("Xã đã được công nhận đạt chuẩn NTM nhưng chưa đạt đủ tiêu chí, %(period)s")
            % {"period": p},
            _RECOGNISED_SHORT,
            dash.recognition.recognised_short,
        ),
        "chua-phe-duyet": _table(
            _("Xã chưa có số liệu được phê duyệt, %(period)s") % {"period": p},
            _UNREPORTED,
            dash.unreported,
        ),
    }


def _province_tables(dash: Dashboard) -> dict[str, ExportTable]:
    """Districts side by side: their figures, then criteria met."""
    p = _period_label(dash.period)
    return {
        "huyen": _table(
            _("Kết quả theo huyện, %(period)s") % {"period": p},
            [
                *_AREA_HEAD,
                *[
                    _level_column(lv, _("Số xã đạt %(level)s") % {"level": lv.name})
                    for lv in dash.levels
                ],
                *_AREA_BORDER,
            ],
            [*dash.areas, dash.total],
        ),
        "huyen-tieu-chi": _table(
            _("Số xã đạt từng tiêu chí theo huyện, %(period)s") % {"period": p},
            [
                _AREA_HEAD[0],
                _AREA_HEAD[1],
                *[_criterion_count(c.code) for c in dash.criteria],
            ],
            [*dash.areas, dash.total],
        ),
    }


def _district_tables(dash: Dashboard) -> dict[str, ExportTable]:
    """Every commune of the district, then the reports awaiting appraisal."""
    where = dash.scope.name
    both = {"scope": where, "period": _period_label(dash.period)}
    return {
        "xa": _table(
            _("Kết quả từng xã, %(scope)s, %(period)s") % both,
            [
                *_COMMUNE,
                *[_criterion_verdict(c.code) for c in dash.criteria],
            ],
            dash.communes,
        ),
        "tham-dinh": _table(
            _("Báo cáo chờ huyện thẩm định, %(scope)s") % {"scope": where}, _QUEUE, dash.queue
        ),
    }


# -- columns of the scorecard tables -------------------------------------------------

# A scorecard row of indicators: the criterion's code (blank for a condition
# of a level), whether the criterion is met, and the indicator.
_Line = tuple[str, bool, IndicatorLine]
_INDICATOR: list[Col[_Line]] = [
    Col(gettext_lazy("Chỉ tiêu"), lambda x: shown_code(x[2].code)),
    Col(gettext_lazy("Tên chỉ tiêu"), lambda x: x[2].name),
    Col(gettext_lazy("Giá trị"), lambda x: x[2].value_text),
    Col(gettext_lazy("Ngưỡng"), lambda x: x[2].threshold_text),
    Col(gettext_lazy("Kết quả"), lambda x: x[2].verdict.label),
]
_CRITERION_CODE = Col[_Line](gettext_lazy("Tiêu chí"), itemgetter(0))
_INDICATORS: list[Col[_Line]] = [
    _CRITERION_CODE,
    Col(gettext_lazy("Tiêu chí đạt"), lambda x: _yes(x[1])),
    *_INDICATOR,
    Col(gettext_lazy("Lý do"), lambda x: x[2].reason),
]
_MISSING: list[Col[_Line]] = [_CRITERION_CODE, *_INDICATOR]
_HISTORY: list[Col[HistoryRow]] = [
    Col(gettext_lazy("Kỳ"), lambda h: str(h.period)),
    Col(gettext_lazy("Trạng thái báo cáo"), attrgetter("status_label")),
    Col(gettext_lazy("Số tiêu chí đạt"), attrgetter("met"), FMT_INT),
    Col(gettext_lazy("Tổng số tiêu chí"), attrgetter("total"), FMT_INT),
    Col(gettext_lazy("Nhóm"), attrgetter("band")),
    Col(gettext_lazy("Mức đạt"), lambda h: ", ".join(h.levels)),
]


def _revocation(r: Recognition) -> str:
    return f"{r.revoked_by} ({format_date(r.revoked_on)})" if r.revoked_on else r.revoked_by


_RECOGNITIONS: list[Col[Recognition]] = [
    Col(gettext_lazy("Mức"), lambda r: r.get_level_display()),
    Col(gettext_lazy("Số quyết định"), attrgetter("decision_number")),
    Col(gettext_lazy("Ngày quyết định"), lambda r: format_date(r.decision_date)),
    Col(gettext_lazy("Bộ tiêu chí áp dụng"), attrgetter("criteria_set")),
    Col(gettext_lazy("Thu hồi"), _revocation),
]


def scorecard_tables(card: Scorecard) -> dict[str, ExportTable]:
    """Every table of a scorecard page, by the name used in ``?xlsx=``."""
    p = _period_label(card.period)
    u = card.unit.name
    tables = {
        "chi-tieu": _table(
            _("Kết quả từng chỉ tiêu, %(unit)s, %(period)s") % {"unit": u, "period": p},
            _INDICATORS,
            [(c.code, c.met, i) for c in card.criteria for i in c.indicators],
        ),
        "lich-su": _table(_("Kết quả qua các kỳ, %(unit)s") % {"unit": u}, _HISTORY, card.history),
        "cong-nhan": _table(
            _("Quyết định công nhận, %(unit)s") % {"unit": u}, _RECOGNITIONS, card.recognitions
        ),
    }
    if card.next_level is not None:
        nxt = card.next_level
        tables["can-dat"] = _table(
            _("Còn thiếu để đạt %(level)s, %(unit)s, %(period)s")
            % {"level": nxt.level.name, "unit": u, "period": p},
            _MISSING,
            [
                *[(c.code, c.met, i) for c in nxt.criteria for i in c.unmet_indicators],
                *[("", False, i) for i in nxt.conditions],
            ],
        )
    return tables
