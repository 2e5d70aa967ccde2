"""The refusals of planning services: one base deriving from ``NtmError``."""

from __future__ import annotations

from ntm.errors import NtmError
from ntm.planning.spec import FieldError


class PlanningError(NtmError):
    """A refused action; the message (Vietnamese) says why. Nothing was saved."""

    code = "planning"


class PlanImportError(PlanningError):
    code = "plan_import"

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


class MilestoneConflict(PlanningError):
    """Someone else saved the milestone since it was read."""

    code = "milestone_conflict"
