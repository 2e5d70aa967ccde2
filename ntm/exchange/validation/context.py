"""What a workbook is for: its template metadata (version, period, criteria
set) or, for a plain table, the period the person chose and the main set."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ntm.core.criteria_catalog import CriteriaCatalog
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.errors import CriteriaLookupError
from ntm.exchange import layout as L
from ntm.exchange.selectors import ExchangeError, main_set_for, period_label, period_spec
from ntm.exchange.validation.errors import ImportRefused
from ntm.exchange.workbook_reader import TemplateMeta, Workbook
from ntm.units.selectors import unit_programme_communes


def _main_set(catalog: CriteriaCatalog, year: int) -> CoreSet:
    commune = unit_programme_communes().first()
    if commune is None:
        raise ImportRefused(_("Chưa có đơn vị hành chính cấp xã trong hệ thống."))
    try:
        return main_set_for(catalog, commune, year)
    except ExchangeError as exc:
        raise ImportRefused(str(exc)) from exc


def file_context(
    book: Workbook, period_code: str | None, catalog: CriteriaCatalog
) -> tuple[str, CoreSet, TemplateMeta | None]:
    meta = book.meta
    if meta is not None:
        if meta.version not in L.READABLE_VERSIONS:
            raise ImportRefused(
                _(
                    "Biểu mẫu phiên bản «%(version)s» không còn dùng được; hãy tải biểu mẫu mới "
                    "và nhập lại."
                )
                % {"version": meta.version}
            )
        spec = period_spec(meta.period_code)
        if period_code and period_spec(period_code).code != spec.code:
            raise ImportRefused(
                _(
                    "Tệp là biểu mẫu kỳ %(period)s, khác kỳ đã chọn (%(chosen)s). "
                    "Bỏ chọn kỳ hoặc tải đúng tệp."
                )
                % {
                    "period": period_label(spec),
                    "chosen": period_label(period_spec(period_code)),
                }
            )
        try:
            cset = catalog.get(meta.set_code)
        except CriteriaLookupError as exc:
            raise ImportRefused(
                _("Biểu mẫu dùng bộ tiêu chí «%(set)s» không có trong hệ thống.")
                % {"set": meta.set_code}
            ) from exc
        return spec.code, cset, meta
    if not period_code:
        raise ImportRefused(
            _(
                "Tệp không phải biểu mẫu tải từ hệ thống (không có trang thông tin ẩn): hãy chọn "
                "kỳ báo cáo của số liệu trong tệp rồi tải lên lại."
            )
        )
    spec = period_spec(period_code)
    return spec.code, _main_set(catalog, spec.year), None
