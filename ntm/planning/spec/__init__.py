"""A plan file (YAML, format ``ntm-ke-hoach/1``): read into a checked,
immutable ``PlanSpec`` and written back from a stored plan. The format is
described for users in ``docs/huong-dan/ke-hoach.md``.

- ``plan``: the description a file gives (``PlanSpec`` ...) and ``Lookups``;
- ``models``: the parts of the file as pydantic models, ``fields`` what each
  value may hold;
- ``errors``: ``FieldError`` (path and Vietnamese reason) and how pydantic's
  errors become them;
- ``read``: ``parse_plan``, the models and the rules between fields;
- ``write``: ``spec_to_dict``, a stored plan in the file's form.
"""

from ntm.planning.spec.errors import FieldError
from ntm.planning.spec.plan import (
    FIELDS,
    FORMAT,
    PLACEHOLDER,
    BasisSpec,
    Lookups,
    PlanSpec,
    SectionSpec,
    TargetSpec,
    UnitInfo,
)
from ntm.planning.spec.read import parse_plan
from ntm.planning.spec.write import spec_to_dict

__all__ = [
    "FIELDS",
    "FORMAT",
    "PLACEHOLDER",
    "BasisSpec",
    "FieldError",
    "Lookups",
    "PlanSpec",
    "SectionSpec",
    "TargetSpec",
    "UnitInfo",
    "parse_plan",
    "spec_to_dict",
]
