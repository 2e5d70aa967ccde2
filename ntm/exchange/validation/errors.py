"""The refusal of a whole workbook (nothing to preview)."""

from __future__ import annotations

from ntm.exchange.selectors import ExchangeError


class ImportRefused(ExchangeError):
    """The workbook cannot be imported at all (nothing to preview)."""

    code = "import_refused"
