"""The columns of the shipped unit lists (``ntm/data/units/*.csv``): read by
``units_import`` and written by ``scripts/extract_units.py``. No Django import,
so the extraction script can use it without settings."""

from __future__ import annotations

CSV_COLUMNS = (
    "code",
    "name",
    "type",
    "parent_code",
    "in_programme",
    "border",
    "extremely_difficult",
    "poor_district",
    "region",
    "latitude",
    "longitude",
    "valid_from",
    "valid_to",
)
CHANGE_COLUMNS = ("date", "kind", "from_codes", "to_code", "legal_act", "note")
