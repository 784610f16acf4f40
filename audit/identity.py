"""Identity on the audit chain (issue 47 item 4): a sign-in, its failure and lockout, a sign-out,
a second factor enrolled or reset, an API token created or revoked, a role granted or revoked,
each one hash-chained event recorded by ``identity_record``.

The event names the person it concerns (``details["subject"]``) and is scoped to that person's
agency when they are an official (an auditor of its jurisdiction sees it); an applicant's or an
unknown name's event has no agency. No password, token, secret or one-time code ever enters
its details: ``identity_record`` refuses a detail named like one."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from roles.models import OFFICIAL_ROLES, Agency, Membership, Organisation

from .choices import AuditAction
from .models import AuditEvent
from .trail import Recorded, act_record

IDENTITY_ACTIONS = (
    AuditAction.LOGIN,
    AuditAction.LOGIN_FAILED,
    AuditAction.LOGIN_LOCKED,
    AuditAction.LOGOUT,
    AuditAction.OTP_ENROLLED,
    AuditAction.OTP_RESET,
    AuditAction.TOKEN_CREATED,
    AuditAction.TOKEN_REVOKED,
    AuditAction.ROLE_GRANTED,
    AuditAction.ROLE_REVOKED,
)
# Parts of a detail's name that mean it could carry a credential: refused, whatever the value.
SECRET_WORDS = ("password", "token_key", "secret", "otp_code", "code_used", "digest", "key")


@dataclass(frozen=True)
class IdentityAct:
    """A sign-in, a second factor, a token or a role as the trail reads an act
    (``audit.trail.RecordedAct``): on no application, leaving no status."""

    by: User | None
    agency: Agency | None
    role: str
    client_ip: str | None
    application: Recorded | None = None
    from_status: str = ""
    status_now: str = ""
    organisation: Organisation | None = None


def subject_agency(user: User | None) -> Agency | None:
    """The agency of ``user``'s first official membership (oldest), if any."""
    if user is None or user.pk is None:
        return None
    membership = (
        Membership.objects.filter(user=user, role__in=OFFICIAL_ROLES, agency__isnull=False)
        .select_related("agency")
        .order_by("created", "pk")
        .first()
    )
    return membership.agency if membership else None


def secrets_refuse(details: Mapping[str, Any]) -> None:
    """Raise ValueError where a detail (at any depth) is named like a credential: an identity
    or an administrator's event records none."""
    for name, value in details.items():
        if any(word in name.lower() for word in SECRET_WORDS):
            raise ValueError(f"an identity event records no credential ({name!r})")
        if isinstance(value, Mapping):
            secrets_refuse(value)


def identity_record(
    action: AuditAction,
    *,
    subject: User | None,
    username: str = "",
    by: User | None = None,
    client_ip: str | None = None,
    role: str = "",
    agency: Agency | None = None,
    details: Mapping[str, Any] | None = None,
    system: bool = False,
) -> AuditEvent:
    """Record an identity event about ``subject`` (or, for a name that matches no account,
    ``username``), done by ``by`` (the subject unless named: a security administrator resetting
    a device, a head granting a role), scoped to ``agency`` or else the subject's agency.
    ``system``: done by no person (a role granted by the demo seed, a migration), so with no
    actor even though ``by`` is None. Runs in its own transaction when the caller has none (a
    sign-in is not otherwise one)."""
    if action not in IDENTITY_ACTIONS:
        raise ValueError(f"not an identity action: {action}")
    extra = dict(details or {})
    secrets_refuse(extra)
    name = subject.get_username() if subject is not None else username
    actor = by if by is not None or system else subject
    act = IdentityAct(
        by=actor if actor is not None and actor.pk is not None else None,
        agency=agency or subject_agency(subject),
        role=role,
        client_ip=client_ip,
    )
    with transaction.atomic():
        return act_record(act, action, details={"subject": {"username": name}, **extra})
