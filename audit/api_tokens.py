"""API tokens that end (django-rest-knox; issue 47 item 3): issued, rotated, listed and
revoked here, by every door (the token endpoint, the owner's page, the security
administrator's page), each issue and revocation an identity event on the chain.

A token is known to people by an opaque handle (``token_handle``: the start of its digest,
which reveals nothing of the token); its expiry and creation time describe it in the trail,
never the token, its key or its digest. Here because it records on the chain: the accounts
themselves are ``roles``', below."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from knox.models import AuthToken
from knox.settings import knox_settings

from core.errors import NotAllowed, NotVisible, StateConflict
from core.messages import MSG_NO_TOKEN, MSG_TOKEN_LIMIT, MSG_TOKENS_OWN_ONLY

from .choices import AuditAction
from .identity import identity_record

HANDLE_LENGTH = 16
MANAGE_PERMISSION = "roles.manage_api_tokens"


@dataclass(frozen=True)
class IssuedToken:
    token: str  # shown once, to its owner; stored only as its digest
    expires_at: datetime
    handle: str


def token_handle(token: AuthToken) -> str:
    return str(token.digest[:HANDLE_LENGTH])


def _described(token: AuthToken) -> dict[str, str | None]:
    return {
        "created_at": token.created.isoformat() if token.created else None,
        "expires_at": token.expiry.isoformat() if token.expiry else None,
    }


def may_manage_tokens(user: User) -> bool:
    """Whether ``user`` lists and revokes anyone's tokens (the security administrator)."""
    return user.is_active and user.has_perm(MANAGE_PERMISSION)


def live_tokens(*, owner: User | None = None) -> "QuerySet[AuthToken]":
    """The tokens not yet expired, newest first; of ``owner``, or everyone's."""
    tokens: QuerySet[AuthToken] = AuthToken.objects.filter(expiry__gt=timezone.now())
    tokens = tokens.select_related("user")
    if owner is not None:
        tokens = tokens.filter(user=owner)
    return tokens.order_by("-created")


def tokens_visible_to(user: User, *, everyone: bool = False) -> "QuerySet[AuthToken]":
    """``user``'s own tokens, or with ``everyone`` all (a security administrator only)."""
    if everyone:
        if not may_manage_tokens(user):
            raise NotAllowed(MSG_TOKENS_OWN_ONLY)
        return live_tokens()
    return live_tokens(owner=user)


def token_for(user: User, handle: str) -> AuthToken:
    """The live token ``handle`` names, if ``user`` owns it or manages tokens; else 404 (a
    token of another is not said to exist)."""
    tokens = live_tokens() if may_manage_tokens(user) else live_tokens(owner=user)
    if len(handle) != HANDLE_LENGTH:
        raise NotVisible(MSG_NO_TOKEN)
    token = tokens.filter(digest__startswith=handle).first()
    if token is None:
        raise NotVisible(MSG_NO_TOKEN)
    return token


def _revoke(token: AuthToken, *, by: User, client_ip: str | None, reason: str) -> None:
    details = {**_described(token), "reason": reason}
    subject = token.user
    token.delete()
    identity_record(
        AuditAction.TOKEN_REVOKED, subject=subject, by=by, client_ip=client_ip, details=details
    )


@transaction.atomic
def api_token_issue(
    *, user: User, client_ip: str | None = None, rotate: bool = False
) -> IssuedToken:
    """A new token for ``user``, ending ``PERMITS_API_TOKEN_HOURS`` from now. ``rotate``
    revokes all their other tokens first (the old ones answer 401 from then on); without it
    the others stay valid, up to ``PERMITS_API_TOKEN_LIMIT`` live tokens (409 beyond)."""
    AuthToken.objects.filter(user=user, expiry__lte=timezone.now()).delete()
    User.objects.select_for_update().filter(pk=user.pk).first()  # one issue at a time
    if rotate:
        for old in live_tokens(owner=user):
            _revoke(old, by=user, client_ip=client_ip, reason="rotated")
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit is not None and live_tokens(owner=user).count() >= limit:
        raise StateConflict(MSG_TOKEN_LIMIT % {"count": limit})
    instance, token = AuthToken.objects.create(user=user)
    identity_record(
        AuditAction.TOKEN_CREATED,
        subject=user,
        client_ip=client_ip,
        details={**_described(instance), "rotated": rotate},
    )
    return IssuedToken(token=token, expires_at=instance.expiry, handle=token_handle(instance))


@transaction.atomic
def api_token_revoke(*, token: AuthToken, by: User, client_ip: str | None = None) -> None:
    """Revoke ``token``: by its owner, or by a security administrator (the trail names them)."""
    if token.user_id != by.pk and not may_manage_tokens(by):
        raise NotVisible(MSG_NO_TOKEN)
    reason = "owner" if token.user_id == by.pk else "administrator"
    _revoke(token, by=by, client_ip=client_ip, reason=reason)
