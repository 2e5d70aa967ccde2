from django import forms
from django.utils.translation import gettext_lazy as _

_CHECK = forms.CheckboxInput(attrs={"class": "form-check-input"})


class UnitFlagsForm(forms.Form):
    border = forms.BooleanField(label=_("Xã/huyện biên giới"), required=False, widget=_CHECK)
    extremely_difficult = forms.BooleanField(
        label=_("Xã đặc biệt khó khăn"), required=False, widget=_CHECK
    )
    poor_district = forms.BooleanField(label=_("Huyện nghèo"), required=False, widget=_CHECK)
    reason = forms.CharField(
        label=_("Căn cứ, lý do"),
        max_length=500,
        help_text=_("Ví dụ: QĐ 353/QĐ-TTg ngày 15/3/2022"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
