"""The three administrators' acts on the audit chain (issue 47 item 5): what ``roles`` sends as
``roles.signals.administered`` (an edit in the admin, an account created, changed, deactivated
or unlocked, an administrator provisioned) becomes one hash-chained event, recorded in the
transaction of the act, with the administrator's role (``sysadmin``, ``secadmin``,
``auditadmin``, or ``superuser`` for the recovery account)."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet

from roles.administrators import ADMINISTRATOR_GROUPS, INSTALLER, administrator_role

from .choices import AuditAction
from .identity import IDENTITY_ACTIONS, secrets_refuse
from .models import AuditEvent
from .trail import audit_record

# What the administrators do that the trail names (besides the identity actions).
ADMINISTRATION_ACTIONS = (
    AuditAction.CONFIGURATION_CHANGED,
    AuditAction.ACCOUNT_CREATED,
    AuditAction.ACCOUNT_CHANGED,
    AuditAction.ACCOUNT_DEACTIVATED,
    AuditAction.ACCOUNT_UNLOCKED,
    AuditAction.TRAIL_EXPORTED,
)


def administration_record(
    action: AuditAction,
    *,
    by: User | None,
    client_ip: str | None,
    details: Mapping[str, Any],
) -> AuditEvent:
    """Record an administrator's act (``by`` None: the installer's command)."""
    secrets_refuse(details)
    with transaction.atomic():
        return audit_record(
            action=action,
            actor=by,
            role=administrator_role(by) or (INSTALLER if by is None else ""),
            client_ip=client_ip,
            details=details,
        )


def on_administered(
    *,
    action: str,
    by: User | None,
    client_ip: str | None,
    details: Mapping[str, Any],
    **_kwargs: object,
) -> None:
    """``roles.signals.administered``: an unknown action raises, and the act rolls back."""
    administration_record(AuditAction(action), by=by, client_ip=client_ip, details=details)


def administrators_trail() -> QuerySet[AuditEvent]:
    """What the audit administrator reads: every act of a superuser or of the system or
    security administrator, every administration and identity event."""
    actors = User.objects.filter(
        Q(is_superuser=True) | Q(groups__name__in=ADMINISTRATOR_GROUPS)
    ).values("pk")
    return AuditEvent.objects.filter(
        Q(actor__in=actors) | Q(action__in=[*ADMINISTRATION_ACTIONS, *IDENTITY_ACTIONS])
    )
