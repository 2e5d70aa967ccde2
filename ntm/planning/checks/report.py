"""What a plan check finds: findings with their rule and severity, and the
checks that found nothing, said plainly."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy

from ntm.planning.models import Plan


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return str(SEVERITY_LABELS[self])


SEVERITY_LABELS = {Severity.ERROR: gettext_lazy("Lỗi"), Severity.WARNING: gettext_lazy("Cảnh báo")}

# The rules a finding names; several registered checks may share one rule.
RULES = {
    "tong": gettext_lazy("Tổng = mốc đầu năm + số tăng thêm"),
    "ty-le": gettext_lazy("Tỷ lệ in = tổng / số xã, theo độ chính xác của văn bản"),
    "nguon-von": gettext_lazy("Tổng và tỷ lệ các nguồn vốn"),
    "phan-bo-huyen": gettext_lazy("Phần giao các huyện cộng lại bằng chỉ tiêu của tỉnh"),
    "xa-phan-dau": gettext_lazy("Số xã phấn đấu đã chọn so với chỉ tiêu"),
    "ham-y": gettext_lazy("Mục tiêu chung so với các chỉ tiêu theo tiêu chí"),
    "kha-thi": gettext_lazy("Chỉ tiêu không vượt số xã trong phạm vi"),
    "pham-vi": gettext_lazy("Phạm vi kế hoạch so với danh mục đơn vị hành chính"),
}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    target: str  # target key, "" for the plan as a whole
    message: str
    stated: str  # the plan's figure, as printed
    expected: str  # the figure it is compared with

    @property
    def rule_label(self) -> str:
        return str(RULES[self.rule])

    def __str__(self) -> str:
        # The rule's label, never its code or the target's key: the message
        # names the target by its label.
        return f"{self.severity.label.upper()} ({self.rule_label}): {self.message}"


@dataclass
class CheckReport:
    plan: Plan
    findings: list[Finding] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)  # checks that found nothing, said plainly

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def for_target(self, key: str) -> list[Finding]:
        return [f for f in self.findings if f.target == key]

    def add(
        self, rule: str, severity: Severity, target: str, message: str, stated: str, expected: str
    ) -> None:
        self.findings.append(Finding(rule, severity, target, message, stated, expected))
