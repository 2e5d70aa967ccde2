from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from ntm.accounts.models import RoleAssignment, User


# The admin classes are generic only in django-stubs: subscripting them would
# fail at run time without django_stubs_ext.monkeypatch().
class RoleAssignmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    inlines = [RoleAssignmentInline]
    list_display = ["username", "full_name", "position", "is_active"]
    search_fields = ["username", "full_name"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Thông tin công tác"), {"fields": ["full_name", "position"]}),
    )
