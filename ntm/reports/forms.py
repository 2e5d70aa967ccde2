"""The request form of the "Báo cáo" page. Its choices are what the person
may ask for; the service checks the rights again."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.monitoring.models import Period
from ntm.reports.models import ReportKind
from ntm.reports.selectors import DepartmentChoice
from ntm.units.models import AdminUnit

_SELECT = {"class": "form-select"}

# The fields each kind of document asks for, besides its number and signer.
_FIELDS_OF_KIND: dict[str, list[str]] = {
    ReportKind.PROGRESS: ["ky"],
    ReportKind.DEPARTMENT: ["so_nganh", "ky"],
    ReportKind.DISTRICT: ["huyen", "ky"],
    ReportKind.COMMUNE: ["xa", "ky"],
    ReportKind.PLAN: ["ke_hoach"],
}


def period_choices(periods: Sequence[Period]) -> list[tuple[str, str]]:
    """Years first (the annual report), then every period, newest first."""
    years = sorted({p.year for p in periods}, reverse=True)
    by_year = [(str(y), _("Năm %(year)s") % {"year": y}) for y in years]
    others = [(p.code, str(p)) for p in periods if p.kind != Period.Kind.YEAR]
    return by_year + others


class ReportRequestForm(forms.Form):
    loai = forms.ChoiceField(label=_("Loại văn bản"), widget=forms.Select(attrs=_SELECT))
    ky = forms.ChoiceField(
        label=_("Kỳ báo cáo"),
        required=False,
        widget=forms.Select(attrs=_SELECT),
        help_text=_("Báo cáo năm dùng số liệu cuối năm (quý IV nếu chưa có số liệu năm)."),
    )
    huyen = forms.ChoiceField(
        label=_("Huyện, thành phố"), required=False, widget=forms.Select(attrs=_SELECT)
    )
    xa = forms.ChoiceField(label=_("Xã"), required=False, widget=forms.Select(attrs=_SELECT))
    so_nganh = forms.ChoiceField(
        label=_("Sở, ngành"), required=False, widget=forms.Select(attrs=_SELECT)
    )
    ke_hoach = forms.ChoiceField(
        label=_("Kế hoạch"), required=False, widget=forms.Select(attrs=_SELECT)
    )
    so_van_ban = forms.CharField(
        label=_("Số văn bản"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("Để trống để văn thư điền khi phát hành."),
    )
    ngay_van_ban = forms.DateField(
        label=_("Ngày văn bản"),
        required=False,
        widget=forms.DateInput(attrs={"class": "form-control", "type": "date"}, format="%Y-%m-%d"),
        help_text=_("Để trống để văn thư điền khi phát hành («ngày ... tháng ... năm ...»)."),
    )
    nguoi_ky = forms.CharField(
        label=_("Người ký"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    pdf = forms.BooleanField(
        label=_("Tạo cả bản PDF"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(
        self,
        *args: Any,
        kinds: list[tuple[str, str]],
        periods: Sequence[Period],
        districts: Sequence[AdminUnit],
        communes: Sequence[AdminUnit],
        departments: Sequence[DepartmentChoice],
        plans: Sequence[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choose("loai", kinds)
        self._choose("ky", period_choices(periods))
        self._choose("huyen", [(u.code, u.name) for u in districts])
        groups: dict[str, list[tuple[str, str]]] = {}
        for u in communes:
            groups.setdefault(u.parent.name if u.parent else "", []).append((u.code, u.name))
        self._choose("xa", list(groups.items()))
        self._choose("so_nganh", [(d.key, d.label) for d in departments])
        self._choose("ke_hoach", list(plans))
        self._kinds = [code for code, _ in kinds]
        self._departments = {d.key: d for d in departments}

    def _choose(self, name: str, choices: Sequence[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    @property
    def kind(self) -> str:
        value = self.data.get("loai") if self.is_bound else self.initial.get("loai")
        if isinstance(value, str) and value in self._kinds:
            return value
        return self._kinds[0] if self._kinds else ""

    def needs(self) -> list[str]:
        """The fields the chosen kind uses (the others are hidden)."""
        return list(_FIELDS_OF_KIND.get(self.kind, []))

    @property
    def shown(self) -> list[forms.BoundField]:
        """The fields of the chosen kind, then the document's number, date and signer."""
        return [self[name] for name in [*self.needs(), "so_van_ban", "ngay_van_ban", "nguoi_ky"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        for name in self.needs():
            if not data.get(name):
                label = str(self.fields[name].label)
                self.add_error(
                    name, _("Hãy chọn %(field)s.") % {"field": label[:1].lower() + label[1:]}
                )
        return data

    def department(self) -> DepartmentChoice | None:
        return self._departments.get(self.cleaned_data.get("so_nganh") or "")
