"""Forms of the plan pages. They check the shape of what was posted; the
rules (rights, years, criteria of the level) live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.planning.models import Level, MilestoneStatus

_DATE = forms.DateInput(
    attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d"
)


class MilestoneForm(forms.Form):
    criterion = forms.ChoiceField(
        label=_("Tiêu chí"), widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )
    title = forms.CharField(
        label=_("Nội dung công việc"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    responsible = forms.CharField(
        label=_("Người phụ trách"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    due_date = forms.DateField(label=_("Hạn hoàn thành"), widget=_DATE)
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=MilestoneStatus.choices,
        initial=MilestoneStatus.PLANNED,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    done_on = forms.DateField(label=_("Ngày hoàn thành"), required=False, widget=_DATE)
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    # The version the page was rendered with (a milestone saved by someone
    # else meanwhile is not overwritten).
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, criteria: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["criterion"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = criteria


class TargetedForm(forms.Form):
    unit = forms.ChoiceField(
        label=_("Xã"), widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )
    level = forms.ChoiceField(
        label=_("Mức phấn đấu"),
        choices=Level.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args: Any, communes: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = communes


class ReportedActualForm(forms.Form):
    value = forms.CharField(
        label=_("Giá trị thực hiện"),
        max_length=40,
        help_text=_("Viết kiểu Việt Nam: 5.103,888 hoặc 90,5"),
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
    )
    as_of = forms.DateField(
        label=_("Số liệu đến ngày"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Ghi chú, nguồn số liệu"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )
    evidence = forms.FileField(
        label=_("Tệp minh chứng"),
        required=False,
        allow_empty_file=True,
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.doc,.xls"}
        ),
    )
