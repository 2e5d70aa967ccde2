"""Forms of the entry and review pages. They only check the shape of what
was posted; the rules (parsing a value, rights, workflow) live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.core.evidence import EVIDENCE_EXTENSIONS
from ntm.monitoring.selectors import FactChoice
from ntm.monitoring.services import TRANSITIONS


class IndicatorKeyForm(forms.Form):
    """Which indicator: codes repeat across sets, so always (set, code)."""

    set = forms.CharField(max_length=60)
    code = forms.CharField(max_length=20)


class ValueForm(IndicatorKeyForm):
    raw = forms.CharField(label=_("Giá trị"), required=False, max_length=200)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000)
    # The version the page was rendered with (0: no value yet).
    version = forms.IntegerField(min_value=0)
    # Set by the "Xác nhận giá trị bất thường" button: save a value outside
    # the indicator's plausible range.
    confirm = forms.BooleanField(required=False)


class EvidenceForm(IndicatorKeyForm):
    # Empty files and wrong types are refused by ``evidence_add`` with its
    # own message; the form only needs a file.
    file = forms.FileField(
        label=_("Tệp minh chứng"),
        allow_empty_file=True,
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{e}" for e in EVIDENCE_EXTENSIONS)}
        ),
    )


_FACT_CHOICES = [("", _("Chưa rõ")), ("co", _("Có")), ("khong", _("Không"))]
_FACT_VALUES = {"": None, "co": True, "khong": False}


def fact_initial(value: bool | None) -> str:
    if value is None:
        return ""
    return "co" if value else "khong"


class FactsForm(forms.Form):
    """The commune facts that decide which indicators apply."""

    def __init__(self, *args: Any, facts: list[FactChoice], **kwargs: Any):
        kwargs.setdefault("initial", {f"fact_{c.fact.code}": fact_initial(c.value) for c in facts})
        super().__init__(*args, **kwargs)
        self.fact_codes = [c.fact.code for c in facts]
        for choice in facts:
            self.fields[f"fact_{choice.fact.code}"] = forms.ChoiceField(
                label=choice.fact.name,
                choices=_FACT_CHOICES,
                required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def facts(self) -> dict[str, bool | None]:
        return {code: _FACT_VALUES[self.cleaned_data[f"fact_{code}"]] for code in self.fact_codes}


class TransitionForm(forms.Form):
    name = forms.ChoiceField(choices=[(name, name) for name in TRANSITIONS])
    # The status the page showed: a report moved by someone else meanwhile is
    # not moved again.
    expected_status = forms.CharField(max_length=10)
    reason = forms.CharField(label=_("Lý do, ý kiến"), required=False, max_length=4000)
