"""The three administrators (三员分立, issue 47 item 5): every admin page × each of the three,
none reaching another's powers, each act on the audit chain."""

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.models import AuditEvent
from core.messages import MSG_ROLE_NOT_YOURS_TO_GRANT
from documents.models import Certificate
from roles.administrators import (
    ADMINISTRATOR_GROUPS,
    ADMINISTRATOR_PERMISSIONS,
    AUDITADMIN,
    SECADMIN,
    SYSADMIN,
    administrator_assign,
)
from roles.models import Agency, Jurisdiction, Membership, Role
from tests.factories import UserFactory, occupation_draft, submit_accepted

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrators(reference_data):
    made = {}
    for group in ADMINISTRATOR_GROUPS:
        made[group] = UserFactory(username=f"it_{group}")
        administrator_assign(user=made[group], group_name=group)
    return made


def _client(client, user):
    client.force_login(user)
    return client


def _models():
    return sorted(admin.site._registry, key=lambda m: m._meta.label_lower)


@pytest.mark.parametrize("group", ADMINISTRATOR_GROUPS)
def test_every_admin_list_opens_exactly_for_the_group_that_holds_its_permission(
    client, administrators, group
):
    """Every registered model's list and add page × the group: 200 where the group holds the
    model's view (add) permission, 403 elsewhere; the index opens for each of them."""
    _client(client, administrators[group])
    held = set(ADMINISTRATOR_PERMISSIONS[group])
    assert client.get(reverse("admin:index")).status_code == 200
    opened = set()
    for model in _models():
        app, name = model._meta.app_label, model._meta.model_name
        may_view = bool({f"{app}.view_{name}", f"{app}.change_{name}"} & held)
        listed = client.get(reverse(f"admin:{app}_{name}_changelist"))
        assert listed.status_code == (200 if may_view else 403), (group, app, name)
        adding = client.get(reverse(f"admin:{app}_{name}_add"))
        if f"{app}.add_{name}" not in held:
            assert adding.status_code == 403, (group, app, name)
        elif adding.status_code == 200:
            opened.add(f"{app}.{name}")
    expected = {
        SYSADMIN: {"roles.agency", "roles.district", "workflows.route", "workflows.calendarday"},
        SECADMIN: {"auth.user", "roles.membership"},
        AUDITADMIN: set(),
    }[group]
    assert expected <= opened


def test_each_group_edits_only_its_own_side(client, administrators, under_review):
    user = UserFactory(username="ordinary")
    agency = Agency.objects.get(code="110118-forestry")
    certificate = Certificate.objects.first()
    event = AuditEvent.objects.order_by("seq").first()
    pages = {
        "agency": reverse("admin:roles_agency_change", args=[agency.pk]),
        "user": reverse("admin:auth_user_change", args=[user.pk]),
        "application": reverse("admin:permits_application_change", args=[under_review.pk]),
        "certificate": reverse("admin:documents_certificate_change", args=[certificate.pk]),
        "event": reverse("admin:audit_auditevent_change", args=[event.pk]),
        "group": reverse("admin:auth_group_changelist"),
    }
    expected = {
        SYSADMIN: {"agency": 200, "user": 403, "application": 403, "certificate": 403,
                   "event": 403, "group": 403},
        SECADMIN: {"agency": 200, "user": 200, "application": 403, "certificate": 403,
                   "event": 403, "group": 403},
        AUDITADMIN: {"agency": 403, "user": 403, "application": 403, "certificate": 403,
                     "event": 200, "group": 403},
    }  # fmt: skip
    for group, user_ in administrators.items():
        _client(client, user_)
        got = {name: client.get(url).status_code for name, url in pages.items()}
        assert got == expected[group], group


def test_the_security_administrator_reads_no_application_document_or_trail(
    client, administrators, under_review
):
    _client(client, administrators[SECADMIN])
    certificate = Certificate.objects.filter(application=under_review).first()
    pk = under_review.pk
    refused = [
        f"/applications/{pk}/",
        f"/api/v1/applications/{pk}/",
        f"/api/v1/applications/{pk}/history/",
        f"/api/v1/applications/{pk}/documents/",
        "/audit/",
        "/audit/events.csv",
        "/api/v1/audit/events/",
        "/api/v1/audit/events/?format=csv",
    ]
    if certificate is not None:
        refused.append(f"/api/v1/applications/{pk}/documents/{certificate.pk}.pdf")
    for url in refused:
        status = client.get(url).status_code
        assert status in (403, 404), (url, status)


def test_the_audit_administrator_changes_no_account(client, administrators):
    user = UserFactory(username="ordinary", is_active=True)
    _client(client, administrators[AUDITADMIN])
    url = reverse("admin:auth_user_change", args=[user.pk])
    response = client.post(url, {"username": "ordinary", "is_active": ""})
    assert response.status_code == 403
    assert client.get(reverse("admin:auth_user_add")).status_code == 403
    user.refresh_from_db()
    assert user.is_active


def test_the_security_administrator_cannot_escalate(client, administrators):
    secadmin = administrators[SECADMIN]
    _client(client, secadmin)
    sysadmin_group = Group.objects.get(name=SYSADMIN)
    # Its own account: read only (no groups field, no flags, and the POST is refused).
    own = reverse("admin:auth_user_change", args=[secadmin.pk])
    data = {
        "username": secadmin.username,
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [sysadmin_group.pk],
    }
    assert client.post(own, data).status_code == 403
    # The group itself: not its to edit.
    group_url = reverse("admin:auth_group_change", args=[sysadmin_group.pk])
    assert client.post(group_url, {"name": SYSADMIN}).status_code == 403
    # Another administrator's account.
    other = reverse("admin:auth_user_change", args=[administrators[AUDITADMIN].pk])
    assert client.post(other, {"username": "x", "is_active": ""}).status_code == 403
    secadmin.refresh_from_db()
    assert not secadmin.is_superuser
    assert set(secadmin.groups.values_list("name", flat=True)) == {SECADMIN}
    assert administrators[AUDITADMIN].is_active


def test_the_security_administrator_sets_no_flags_on_an_ordinary_account(client, administrators):
    user = UserFactory(username="ordinary")
    _client(client, administrators[SECADMIN])
    response = client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        {
            "username": "ordinary",
            "first_name": "新名",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.first_name == "新名"
    assert (user.is_staff, user.is_superuser) == (False, False)


def test_the_security_administrator_grants_ordinary_roles_only(client, administrators):
    user = UserFactory(username="new_reviewer")
    agency = Agency.objects.get(code="110118-forestry")
    _client(client, administrators[SECADMIN])
    url = reverse("admin:roles_membership_add")
    ordinary = {"user": user.pk, "role": Role.REVIEWER, "agency": agency.pk, "organisation": ""}
    assert client.post(url, ordinary).status_code == 302
    assert user.has_perm("roles.review_for_agency", agency)
    for refused in (
        {**ordinary, "role": Role.ADMIN},
        {**ordinary, "user": administrators[SECADMIN].pk},
        {**ordinary, "user": administrators[SYSADMIN].pk},
    ):
        response = client.post(url, refused)
        assert response.status_code == 200
        errors = response.context["adminform"].form.non_field_errors().as_data()
        assert [error.message for error in errors] == [MSG_ROLE_NOT_YOURS_TO_GRANT]
    assert not Membership.objects.filter(role=Role.ADMIN).exists()
    assert not Membership.objects.filter(user__in=administrators.values()).exists()


def _last(action):
    return AuditEvent.objects.filter(action=action).order_by("-seq").first()


def test_each_act_of_the_administrators_is_on_the_chain(client, administrators):
    # The system administrator edits a jurisdiction's short name.
    _client(client, administrators[SYSADMIN])
    jurisdiction = Jurisdiction.objects.get(code="110000")
    response = client.post(
        reverse("admin:roles_jurisdiction_change", args=["110000"]),
        {"code": "110000", "name": jurisdiction.name, "short_name": "燕"},
    )
    assert response.status_code == 302
    event = _last("configuration_changed")
    assert event.actor == administrators[SYSADMIN] and event.role == SYSADMIN
    assert event.details["model"] == "roles.jurisdiction"
    assert (event.details["before"]["short_name"], event.details["after"]["short_name"]) == (
        "京",
        "燕",
    )

    # The security administrator creates, deactivates and unlocks an account.
    _client(client, administrators[SECADMIN])
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "newcomer", "usable_password": "false"},
    )
    assert response.status_code == 302
    created = _last("account_created")
    assert created.role == SECADMIN
    assert created.details["subject"] == {"username": "newcomer"}
    newcomer = User.objects.get(username="newcomer")
    response = client.post(
        reverse("admin:auth_user_change", args=[newcomer.pk]),
        {
            "username": "newcomer",
            "first_name": "",
            "last_name": "",
            "email": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302
    deactivated = _last("account_deactivated")
    assert deactivated.details["after"] == {"is_active": False}
    password = reverse("admin:auth_user_password_change", args=[newcomer.pk])
    new_password = {"password1": "Grove-Larch-2026", "password2": "Grove-Larch-2026"}
    response = client.post(password, {**new_password, "usable_password": "true"})
    assert response.status_code == 302
    assert _last("account_changed").details["changed"] == ["password"]
    assert "Grove-Larch" not in str(_last("account_changed").details)
    AccessAttempt.objects.create(
        username="newcomer", ip_address="10.0.0.1", user_agent="t", failures_since_start=5,
        get_data="", post_data="", http_accept="", path_info="/accounts/login/",
    )  # fmt: skip
    response = client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "unlock", "_selected_action": list(
            AccessAttempt.objects.values_list("pk", flat=True))},
    )  # fmt: skip
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert _last("account_unlocked").details["subject"] == {"username": "newcomer"}

    # The audit administrator reads the two's acts and exports them, itself an event.
    _client(client, administrators[AUDITADMIN])
    listed = client.get(reverse("admin:audit_auditevent_changelist"))
    assert listed.status_code == 200
    shown = set(listed.context["cl"].queryset.values_list("action", flat=True))
    assert {"configuration_changed", "account_created", "account_unlocked"} <= shown
    response = client.post(
        reverse("admin:audit_auditevent_changelist"),
        {"action": "export_csv", "_selected_action": [created.pk, deactivated.pk]},
    )
    assert response.status_code == 200
    assert "newcomer" in b"".join(response.streaming_content).decode()
    exported = _last("trail_exported")
    assert exported.actor == administrators[AUDITADMIN] and exported.details["count"] == 2


def test_the_audit_administrator_reads_no_application_events(client, administrators, under_review):
    _client(client, administrators[AUDITADMIN])
    listed = client.get(reverse("admin:audit_auditevent_changelist"))
    assert not listed.context["cl"].queryset.filter(application__isnull=False).exists()
    assert AuditEvent.objects.filter(application=under_review).exists()


def test_admins_provision_makes_the_three_and_refuses_the_superuser(reference_data, capsys):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    call_command("admins_provision", sysadmin="ops", secadmin="sec", auditadmin="aud")
    for username, group in (("ops", SYSADMIN), ("sec", SECADMIN), ("aud", AUDITADMIN)):
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.is_staff and not user.is_superuser and not user.has_usable_password()
    assert AuditEvent.objects.filter(action="account_changed", role="installer").count() == 3
    with pytest.raises(CommandError):
        call_command("admins_provision", sysadmin="root")
    with pytest.raises(CommandError):
        call_command("admins_provision", sysadmin="x", secadmin="x")


@pytest.fixture
def under_review(applicant_my):
    application = occupation_draft(by=applicant_my)
    return submit_accepted(application=application, by=applicant_my)
