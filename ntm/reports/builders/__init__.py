"""One builder per kind of document: it reads the figures, prepares the
template variables and the charts, and hands them to the renderer."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from ntm.reports.builders import commune, department, district, plan_document, progress
from ntm.reports.builders.common import BuildRequest, ReportError
from ntm.reports.models import ReportKind
from ntm.reports.render import DocumentParts

BUILDERS: dict[str, Callable[[BuildRequest], DocumentParts]] = {
    ReportKind.PROGRESS: progress.build,
    ReportKind.DEPARTMENT: department.build,
    ReportKind.DISTRICT: district.build,
    ReportKind.COMMUNE: commune.build,
    ReportKind.PLAN: plan_document.build,
}


def build_parts(request: BuildRequest) -> DocumentParts:
    builder = BUILDERS.get(request.kind)
    if builder is None:
        raise ReportError(
            _("Không có loại văn bản «%(kind)s»; các loại: %(kinds)s.")
            % {"kind": request.kind, "kinds": ", ".join(BUILDERS)}
        )
    return builder(request)


__all__ = ["BUILDERS", "BuildRequest", "ReportError", "build_parts"]
