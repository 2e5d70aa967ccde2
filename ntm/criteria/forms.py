from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class ThresholdRevisionForm(forms.Form):
    value = forms.CharField(
        label=_("Ngưỡng mới"),
        max_length=200,
        help_text=_("Ví dụ: 100, 90,5 hoặc Đạt; với danh sách, ngăn cách bằng dấu chấm phẩy"),
    )
    classes = forms.MultipleChoiceField(
        label=_("Áp dụng cho vùng/nhóm"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Không chọn: mọi vùng/nhóm"),
    )
    years = forms.MultipleChoiceField(
        label=_("Áp dụng cho năm"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Không chọn: mọi năm của bộ tiêu chí"),
    )
    document_number = forms.CharField(
        label=_("Số văn bản căn cứ"), max_length=120, help_text=_("Ví dụ: 1234/QĐ-UBND")
    )
    document_date = forms.DateField(
        label=_("Ngày văn bản"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, classes: list[tuple[str, str]], years: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["classes"]).choices = classes
        cast(forms.ChoiceField, self.fields["years"]).choices = [(str(y), str(y)) for y in years]
        for name, field in self.fields.items():
            if name not in {"classes", "years"}:
                field.widget.attrs.setdefault("class", "form-control")
