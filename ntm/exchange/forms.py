from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

FORMATS = (("xlsx", _("Excel (.xlsx)")), ("csv", _("CSV (.csv)")), ("json", _("JSON (tích hợp)")))


def _choices(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    """Choices known only per request (the user's scopes, open periods)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class TemplateForm(forms.Form):
    don_vi = forms.ChoiceField(label=_("Phạm vi"))
    ky = forms.ChoiceField(label=_("Kỳ báo cáo"))

    def __init__(
        self,
        *args: object,
        scopes: list[tuple[str, str]],
        periods: list[tuple[str, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _choices(self, "don_vi", scopes)
        _choices(self, "ky", periods)


class UploadForm(forms.Form):
    tep = forms.FileField(
        label=_("Tệp Excel"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.xls,.ods"}),
    )
    ky = forms.ChoiceField(
        label=_("Kỳ báo cáo"),
        required=False,
        help_text=_("Chỉ cần với bảng tự lập; biểu mẫu của hệ thống đã ghi kỳ."),
    )

    def __init__(self, *args: object, periods: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _choices(self, "ky", [("", _("— theo biểu mẫu —")), *periods])
        self.fields["tep"].help_text = _("Biểu mẫu đã điền (.xlsx), tối đa %(mb)s MB.") % {
            "mb": settings.NTM_UPLOAD_MAX_MB
        }


class ExportForm(TemplateForm):
    """A scope and a period, as for a template, and the file's format."""

    dinh_dang = forms.ChoiceField(label=_("Định dạng"), choices=FORMATS)
