from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from ntm.accounts.models import RoleAssignment, User
from ntm.web.admin_history import admin_site_harden

admin_site_harden()


class RoleAssignmentInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "full_name", "position", "is_active", "must_change_password"]
    search_fields = ["username", "full_name"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Thông tin công tác"), {"fields": ["full_name", "position"]}),
        # After "Đổi mật khẩu" (the link above the password field), tick this
        # so the user replaces the password the administrator knows.
        (_("Mật khẩu"), {"fields": ["must_change_password"]}),
    )
