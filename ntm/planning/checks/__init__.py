"""Consistency checks of a plan: do its figures agree with each other, with
the document's own precision, with its district parts and with the communes
it covers? Each discrepancy names the rule, states both numbers and says
why it matters.

Levels: an *error* is a figure the plan cannot hold together with its other
figures (a total that is not baseline + added, a target above the communes
in scope, district parts that do not reach the province's figure); a
*warning* is a figure that is consistent once it is read the way it was
meant (a share truncated instead of rounded, a count of recognitions that
is not a count of communes meeting every criterion) or that the reference
data cannot support yet. ``ntm plan check`` exits non-zero on errors only.

One small function per check, registered with ``@check`` (``registry``) in
a module by what it compares: ``arithmetic`` (sums), ``precision`` (printed
shares), ``feasible`` (figures within scope), ``implied`` (overall goals
against the criterion targets), ``scope`` (the unit list), ``cascade``
(district parts, targeted communes); ``run.plan_check`` runs them in order.
"""

from ntm.planning.checks.registry import CHECKS, Check, CheckContext, check
from ntm.planning.checks.report import RULES, SEVERITY_LABELS, CheckReport, Finding, Severity
from ntm.planning.checks.run import ORDER, plan_check

__all__ = [
    "CHECKS",
    "ORDER",
    "RULES",
    "SEVERITY_LABELS",
    "Check",
    "CheckContext",
    "CheckReport",
    "Finding",
    "Severity",
    "check",
    "plan_check",
]
