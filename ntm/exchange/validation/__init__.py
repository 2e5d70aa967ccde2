"""Checking a read workbook against the database and the user's rights, and
listing what an import would do: every change (old → new, new verdict) and
every error, conflict and warning with its sheet, row, column and cell.

Nothing here writes. The rules:

* the data sheet is the one whose header row holds indicator codes of the
  set (found by content, so a renamed sheet, inserted blank rows or columns
  and moved columns still import): ``header``;
* communes are matched by code, or by name ignoring diacritics and case, with
  a suggestion when a name is unknown or shared by several communes:
  ``communes``;
* every cell goes through ``ntm.core.values.parse_value``, the parser of the
  web form, after the cell is turned into the text a person would have typed
  (Vietnamese decimal comma, a ``%`` for percent-formatted cells): ``cells``;
* a cell left as it was in the downloaded template is no change, even if the
  value was changed in the system since; a cell the person changed whose value
  was changed in the system after the download is a conflict, never written;
  rows of communes outside the user's rights, or whose report is locked, are
  refused when they hold changes: ``rows``;
* the new verdicts come from the batch engine: ``judging``.

``check.import_preview`` runs these steps; ``preview`` holds what it returns
(stored as JSON with the upload).
"""

from ntm.exchange.validation.cells import CellError, cell_raw, parse_date, plain_number
from ntm.exchange.validation.check import import_preview
from ntm.exchange.validation.errors import ImportRefused
from ntm.exchange.validation.header import HEADER_SCAN_ROWS, Header, find_header
from ntm.exchange.validation.preview import (
    CHANGE_FIELDS,
    Change,
    Issue,
    Preview,
    UnitLine,
    verdict_label,
)

__all__ = [
    "CHANGE_FIELDS",
    "HEADER_SCAN_ROWS",
    "CellError",
    "Change",
    "Header",
    "ImportRefused",
    "Issue",
    "Preview",
    "UnitLine",
    "cell_raw",
    "find_header",
    "import_preview",
    "parse_date",
    "plain_number",
    "verdict_label",
]
