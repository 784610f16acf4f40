"""People, their memberships and absences, the places and agencies they act for; the login
lockouts (django-axes). Also the admin helpers every app's admin uses: Django's admin prints a
boolean as an icon whose alt text is "True" or "False", and a record by its model's ``__str__``,
which some third-party models write in English."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from axes import admin as axes_admin
from axes.conf import settings as axes_settings
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import User as AuthUser
from django.db import transaction
from django.db.models import Field, Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import format_lazy
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from core.admin import ReadOnlyAdmin
from core.messages import MSG_ROLE_NOT_YOURS_TO_GRANT

from .administrators import (
    account_change,
    account_describe,
    may_administer_account,
    may_grant_role,
    request_client_ip,
)
from .models import (
    Absence,
    Agency,
    District,
    ExternalIdentity,
    Jurisdiction,
    Membership,
    Organisation,
)
from .services import role_grant, role_revoke
from .signals import administered

if TYPE_CHECKING:
    # ModelAdmin, UserAdmin and AdminPasswordChangeForm are generic only in django-stubs, not
    # subscriptable at run time.
    _AnyModelAdmin = admin.ModelAdmin[Any]
    _MembershipAdmin = admin.ModelAdmin[Membership]
    _ExternalIdentityAdmin = admin.ModelAdmin[ExternalIdentity]
    _UserAdmin = UserAdmin[AuthUser]
    _AdminPasswordChangeForm = AdminPasswordChangeForm[AuthUser]
else:
    _AnyModelAdmin = _MembershipAdmin = _ExternalIdentityAdmin = admin.ModelAdmin
    _UserAdmin = UserAdmin
    _AdminPasswordChangeForm = AdminPasswordChangeForm


def _staff(request: HttpRequest) -> AuthUser:
    # The admin serves only logged-in staff (AdminSite.has_permission): never AnonymousUser.
    return cast(AuthUser, request.user)


YES_NO_ICON = {True: ("yes", _("Yes")), False: ("no", _("No")), None: ("unknown", _("Unknown"))}


def yes_no_icon(value: bool | None) -> SafeString:
    """Django's boolean icon, with a translated alt text."""
    icon, alt = YES_NO_ICON[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), alt)


def yes_no_column(model: type[Model], field: str) -> Callable[[Model], SafeString]:
    """A list column (or read-only field) showing a boolean field as ``yes_no_icon``."""

    @admin.display(
        description=cast("Field[Any, Any]", model._meta.get_field(field)).verbose_name,
        ordering=field,
    )
    def column(obj: Model) -> SafeString:
        return yes_no_icon(getattr(obj, field))

    column.__name__ = f"{field}_icon"
    return column


@dataclass(frozen=True)
class NamedRecord:
    """What the history page's breadcrumbs read of a record: its key and its name."""

    pk: Any
    name: str

    def __str__(self) -> str:
        return self.name


class NamedRecordsAdmin(_AnyModelAdmin):
    """Names a record by ``record_name`` where the admin prints it (the list's checkboxes, the
    record's page and its history), for models whose ``__str__`` is not ours to translate."""

    change_form_template = "admin/named_record/change_form.html"
    object_history_template = "admin/named_record/object_history.html"

    def record_name(self, obj: Any) -> str:
        raise NotImplementedError

    def action_checkbox(self, obj: Any) -> SafeString:
        label = format_html(gettext("Select this object for an action - {}"), self.record_name(obj))
        checkbox = forms.CheckboxInput({"class": "action-select", "aria-label": label})
        return checkbox.render(ACTION_CHECKBOX_NAME, str(obj.pk))

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        named = {"subtitle": self.record_name(obj)} if obj else {}
        return super().change_view(request, object_id, form_url, {**named, **(extra_context or {})})

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return super().history_view(request, object_id, extra_context)
        record = NamedRecord(pk=obj.pk, name=self.record_name(obj))
        named = {"title": _("Change history: %s") % record, "named_record": record}
        return super().history_view(request, object_id, {**named, **(extra_context or {})})


def record_describe(obj: Model | None) -> dict[str, Any] | None:
    """A configuration record as stored, field by field (foreign keys by their key), for the
    before and after of its audit event; None when there is none."""
    if obj is None or obj.pk is None:
        return None
    described: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        value = field.value_from_object(obj)
        plain = value is None or isinstance(value, bool | int | str)
        described[field.name] = value if plain else str(value)
    return described


def _administered(request: HttpRequest, action: str, details: dict[str, Any]) -> None:
    administered.send(
        sender=admin.ModelAdmin,
        action=action,
        by=_staff(request),
        client_ip=request_client_ip(request),
        details=details,
    )


class ConfigurationAdmin(_AnyModelAdmin):
    """Configuration the system administrator edits, each save and delete on the audit chain
    with the record as it was and as it is (``configuration_changed``). The models whose own
    service audits them (routes, fee rates, standards, decision forms) use theirs instead."""

    def _record(self, request: HttpRequest, obj: Model, before: dict[str, Any] | None) -> None:
        label = obj._meta.label_lower
        subject = {"model": label, "object_id": str(obj.pk) if obj.pk is not None else None}
        details = {**subject, "before": before, "after": record_describe(obj)}
        _administered(request, "configuration_changed", details)

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        before = record_describe(stored)
        super().save_model(request, obj, form, change)
        self._record(request, obj, before)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        before, pk = record_describe(obj), obj.pk
        super().delete_model(request, obj)
        obj.pk = pk  # the event names what was deleted
        self._record(request, obj, before)
        obj.pk = None

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Jurisdiction)
class JurisdictionAdmin(ConfigurationAdmin):
    list_display = ["code", "name", "short_name"]


@admin.register(District)
class DistrictAdmin(ConfigurationAdmin):
    list_display = ["code", "name", "jurisdiction"]
    list_filter = ["jurisdiction"]
    search_fields = ["code", "name"]


@admin.register(Agency)
class AgencyAdmin(ConfigurationAdmin):
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
class OrganisationAdmin(ConfigurationAdmin):
    list_display = ["name", "jurisdiction", "district", "unified_credit_code"]
    list_filter = ["jurisdiction", "district"]
    search_fields = ["name", "unified_credit_code"]


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(_ExternalIdentityAdmin):
    """Where an official is provisioned for unified sign-in: their provider subject linked to
    their account (roles.sign_in never makes an official's account)."""

    list_display = ["subject", "provider", "user", "assurance_level", "last_seen"]
    list_filter = ["provider"]
    search_fields = ["subject", "user__username"]
    autocomplete_fields = ["user"]
    readonly_fields = ["assurance_level", "last_seen", "created"]


@admin.register(Membership)
class MembershipAdmin(_MembershipAdmin):
    """Memberships are granted and revoked through roles.services, which keep guardian's
    permissions and the agency/organisation groups in step; a membership is never edited."""

    list_display = ["user", "role", "agency", "organisation", "created"]
    list_filter = ["role", "agency__jurisdiction", "agency"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "agency", "organisation"]

    def has_change_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def get_form(
        self,
        request: HttpRequest,
        obj: Membership | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> "type[forms.ModelForm[Membership]]":
        form = super().get_form(request, obj, change, **kwargs)
        by = _staff(request)

        class GrantForm(form):  # type: ignore[valid-type,misc]
            def clean(self) -> dict[str, Any]:
                cleaned: dict[str, Any] = super().clean()
                role, member = cleaned.get("role"), cleaned.get("user")
                if role and not may_grant_role(by, role, member):
                    raise forms.ValidationError(MSG_ROLE_NOT_YOURS_TO_GRANT)
                return cleaned

        return GrantForm

    def has_delete_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_grant_role(_staff(request), obj.role, obj.user))

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        membership = role_grant(
            user=obj.user,
            role=obj.role,
            agency=obj.agency,
            organisation=obj.organisation,
            by=_staff(request),
        )
        obj.pk = membership.pk

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        role_revoke(membership=obj, by=_staff(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset:
            role_revoke(membership=membership, by=_staff(request))


@admin.register(Absence)
class AbsenceAdmin(ReadOnlyAdmin):
    """Absences are declared by the members themselves (the work queue's absence page), through
    the service that checks the substitute and audits the declaration: here they are read."""

    list_display = ["user", "substitute", "agency", "starts", "ends", "reason", "created"]
    list_filter = ["agency__jurisdiction", "agency"]
    search_fields = ["user__username", "user__first_name", "substitute__username"]
    date_hierarchy = "starts"


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


class PasswordChangeForm(_AdminPasswordChangeForm):
    # Django 5.2 joins its help with an untranslated warning when its module is imported, so the
    # help reads in the language of the import and the warning in English.
    usable_password_help_text = format_lazy(  # type: ignore[assignment]
        mark_safe(
            '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>'
        ),
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


@admin.register(User)
class PersonAdmin(_UserAdmin):
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
    change_password_form = PasswordChangeForm
    is_staff_icon = staticmethod(yes_no_column(User, "is_staff"))
    list_display = ("username", "email", "first_name", "last_name", "is_staff_icon")

    def has_delete_permission(self, request: HttpRequest, obj: AuthUser | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuthUser | None = None) -> bool:
        """The security administrator changes ordinary accounts, not its own nor another
        administrator's (roles.administrators): those it reads."""
        allowed = super().has_change_permission(request, obj)
        return allowed and may_administer_account(_staff(request), obj)

    def get_readonly_fields(self, request: HttpRequest, obj: AuthUser | None = None) -> Any:
        # Staff and superuser make administrators: the provisioning command's, or the
        # superuser's, never the security administrator's.
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if _staff(request).is_superuser else (*fields, "is_staff", "is_superuser")

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # the form was saved
            user = User.objects.get(pk=unquote(id))
            subject = {"username": user.get_username()}
            changed = ["password" if user.has_usable_password() else "password disabled"]
            _administered(request, "account_changed", {"subject": subject, "changed": changed})
        return response

    def save_model(self, request: HttpRequest, obj: AuthUser, form: Any, change: bool) -> None:
        stored = User.objects.filter(pk=obj.pk).first() if change else None
        before = account_describe(stored) if stored is not None else None
        super().save_model(request, obj, form, change)
        if change and (obj.is_superuser or not obj.is_active):
            for membership in obj.memberships.all():
                role_revoke(membership=membership, by=_staff(request))
        details = account_change(obj, before)
        if before is None:
            _administered(request, "account_created", details)
        elif before["is_active"] and not obj.is_active:
            _administered(request, "account_deactivated", details)
        elif details["after"]:
            _administered(request, "account_changed", details)


# django-axes: its admins name records in English ("Access Log for … @ …") and say True/False.
# Logs are evidence, read only here. A locked-out person is unlocked by forgetting their failed
# attempts (the action below), not by deleting records one by one.
for model in (AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class LoginRecordAdmin(ReadOnlyAdmin, NamedRecordsAdmin):
    """The sign-in records django-axes keeps, read only (axes' own admins add none either)."""

    def record_name(self, obj: Any) -> str:
        return _("%(username)s, %(time)s") % {
            "username": obj.username or "-",
            "time": localtime(obj.attempt_time).strftime("%Y-%m-%d %H:%M:%S"),
        }


@admin.register(AccessAttempt)
class AccessAttemptAdmin(LoginRecordAdmin, axes_admin.AccessAttemptAdmin):
    actions = ["unlock"]

    @admin.display(description=_("status"))
    def status(self, obj: AccessAttempt) -> str:
        left = axes_settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        if left > 0:
            return ngettext("%(count)d attempt left", "%(count)d attempts left", left) % {
                "count": left
            }
        return gettext("Locked out")

    @admin.display(description=_("expires"))
    def expiration(self, obj: AccessAttempt) -> datetime | str:
        return obj.expiration.expires_at if hasattr(obj, "expiration") else "-"

    def has_unlock_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("axes.delete_accessattempt")

    @admin.action(
        description=_("Unlock: forget the selected failed attempts"), permissions=["unlock"]
    )
    def unlock(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        self.log_deletions(request, queryset)  # the admin's history says who unlocked whom
        with transaction.atomic():
            for attempt in queryset:
                subject = {"username": attempt.username or ""}
                failures = attempt.failures_since_start
                _administered(
                    request, "account_unlocked", {"subject": subject, "failures": failures}
                )
            count, _deleted = queryset.delete()
        forgotten = ngettext(
            "%(count)d failed attempt forgotten.", "%(count)d failed attempts forgotten.", count
        )
        messages.success(request, forgotten % {"count": count})


@admin.register(AccessLog)
class AccessLogAdmin(LoginRecordAdmin, axes_admin.AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(LoginRecordAdmin, axes_admin.AccessFailureLogAdmin):
    locked_out_icon = staticmethod(yes_no_column(AccessFailureLog, "locked_out"))
    list_display = [
        *(f for f in axes_admin.AccessFailureLogAdmin.list_display if f != "locked_out"),
        "locked_out_icon",
    ]


# Kept out of the admin (issue 47): knox's token list shows each token's digest (its owner and
# the security administrator list and revoke tokens on their own page, web/tokens.py, audited);
# second-factor devices and recovery codes are reset on theirs (/accounts/second-factor/reset/),
# audited, never edited as rows.
for _model in (AuthToken, TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
