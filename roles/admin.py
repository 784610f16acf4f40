from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Absence, Agency, District, Jurisdiction, Membership, Organisation
from .services import role_grant, role_revoke


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "jurisdiction"]
    list_filter = ["jurisdiction"]
    search_fields = ["code", "name"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "document_abbreviation",
        "kind",
        "level",
        "jurisdiction",
        "district",
    ]
    list_filter = ["jurisdiction", "level", "kind"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "district", "unified_credit_code"]
    list_filter = ["jurisdiction", "district"]
    search_fields = ["name", "unified_credit_code"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Memberships are granted and revoked through roles.services, which keep guardian's
    permissions and the agency/organisation groups in step; a membership is never edited."""

    list_display = ["user", "role", "agency", "organisation", "created"]
    list_filter = ["role", "agency__jurisdiction", "agency"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "agency", "organisation"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        membership = role_grant(
            user=obj.user, role=obj.role, agency=obj.agency, organisation=obj.organisation
        )
        obj.pk = membership.pk

    def delete_model(self, request, obj):
        role_revoke(membership=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            role_revoke(membership=membership, by=request.user)


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    """Absences are declared by the members themselves (the work queue's absence page), through
    the service that checks the substitute and audits the declaration: here they are read."""

    list_display = ["user", "substitute", "agency", "starts", "ends", "reason", "created"]
    list_filter = ["agency__jurisdiction", "agency"]
    search_fields = ["user__username", "user__first_name", "substitute__username"]
    date_hierarchy = "starts"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class PersonAdmin(UserAdmin):
    """People. What someone may see and do is their memberships (above), never Django groups or
    permissions, so those are not edited here. Nobody is deleted: that would cascade into the
    review tasks they held. Deactivating someone, or making them a superuser (configuration
    only), ends their memberships through role_revoke, which releases their open tasks."""

    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    list_filter = ("is_staff", "is_superuser", "is_active")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and (obj.is_superuser or not obj.is_active):
            for membership in obj.memberships.all():
                role_revoke(membership=membership, by=request.user)
