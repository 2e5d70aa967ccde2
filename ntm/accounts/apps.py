from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ntm.accounts"
    verbose_name = _("Tài khoản và phân quyền")
