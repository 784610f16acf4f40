"""Unified sign-in as a seam (issue 47 item 1): what a provider asserted, made one value, and
the one rule that turns it into an account here.

Each door (the OIDC and CAS backends in ``web.identity_providers``, a province platform's
adapter) reduces its protocol's answer to a ``ProviderClaims`` through ``claims_from`` and hands
it to ``external_sign_in``. The claim names are settings (``PERMITS_IDENTITY_CLAIM_*``,
docs/deployment.md "Sign-in through a provider"). The rule:

- a subject already linked (``ExternalIdentity``) signs in as its account; an applicant's
  asserted credit code must be one of the organisations the account acts for;
- an unlinked subject asserting a legal person's credit code becomes an applicant of the
  registered organisation carrying it (an unknown code: refused, no account);
- anyone else is refused: officials are provisioned, never created by signing in.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from hashlib import sha256
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from .models import ExternalIdentity, IdentityProvider, Organisation, Role
from .services import role_grant


class SignInRefusal(Exception):
    """The provider vouched for someone this system will not sign in; ``code`` names why."""

    NOT_PROVISIONED = "not_provisioned"
    ORGANISATION_UNKNOWN = "organisation_unknown"
    ORGANISATION_MISMATCH = "organisation_mismatch"
    INACTIVE = "account_inactive"
    UNVERIFIED = "provider_answer_unverified"

    def __init__(self, code: str, *, credit_code: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.credit_code = credit_code


@dataclass(frozen=True)
class ProviderClaims:
    """What a provider asserted about the person, under our names."""

    provider: IdentityProvider
    subject: str
    username: str = ""
    name: str = ""
    credit_code: str = ""
    assurance_level: int | None = None
    # The value (an ``acr`` or an ``amr`` entry) by which the provider says two factors were used.
    second_factor: str = ""


class ProvinceAdapter(Protocol):
    """A province platform's sign-on (ticket → token → user info, 法人 account switch), as
    Shandong's DB37/T 3448.8 and Jiangxi's 对接规范 describe it: the adapter's one duty is to
    turn the ticket the platform sent back into the platform's claims, verified; the rest is
    ``claims_from`` and ``external_sign_in``. docs/deployment.md says how to write one."""

    def authenticate(self, request: HttpRequest, ticket: str) -> Mapping[str, Any]: ...


def _level(value: Any) -> int | None:
    """The 实名 level as a small number: ``3``, ``"3"`` and ``"L3"`` read alike; else none."""
    text = str(value).strip().upper().removeprefix("L") if value is not None else ""
    return int(text) if text.isdigit() and len(text) <= 2 else None


def _second_factor(raw: Mapping[str, Any]) -> str:
    acr = str(raw.get(settings.PERMITS_IDENTITY_CLAIM_ACR) or "")
    if acr and acr in settings.PERMITS_IDENTITY_TWO_FACTOR_ACR:
        return f"acr:{acr}"
    amr = raw.get(settings.PERMITS_IDENTITY_CLAIM_AMR) or []
    methods: Sequence[Any] = [amr] if isinstance(amr, str) else amr
    if isinstance(methods, Sequence):
        for method in methods:
            if str(method) in settings.PERMITS_IDENTITY_TWO_FACTOR_AMR:
                return f"amr:{method}"
    return ""


def _text(raw: Mapping[str, Any], name: str, limit: int) -> str:
    value = raw.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def claims_from(provider: IdentityProvider, raw: Mapping[str, Any]) -> ProviderClaims:
    """Read a provider's claims by the configured names; a missing subject is refused."""
    subject = raw.get(settings.PERMITS_IDENTITY_CLAIM_SUBJECT)
    if not isinstance(subject, str | int) or not str(subject).strip():
        raise SignInRefusal(SignInRefusal.UNVERIFIED)
    return ProviderClaims(
        provider=provider,
        subject=str(subject).strip()[:255],
        username=_text(raw, settings.PERMITS_IDENTITY_CLAIM_USERNAME, 150),
        name=_text(raw, settings.PERMITS_IDENTITY_CLAIM_NAME, 150),
        credit_code=_text(raw, settings.PERMITS_IDENTITY_CLAIM_CREDIT_CODE, 18).upper(),
        assurance_level=_level(raw.get(settings.PERMITS_IDENTITY_CLAIM_LEVEL)),
        second_factor=_second_factor(raw),
    )


def _linked(claims: ProviderClaims) -> ExternalIdentity | None:
    identity = (
        ExternalIdentity.objects.select_related("user")
        .filter(provider=claims.provider, subject=claims.subject)
        .first()
    )
    if identity is None and settings.PERMITS_IDENTITY_MATCH_USERNAME and claims.username:
        # Opt-in: the provider's username names a provisioned account with no subject of this
        # provider yet (never a superuser's: recovery stays local).
        user = User.objects.filter(
            username=claims.username, is_superuser=False, external_identities__isnull=True
        ).first()
        if user is not None:
            identity = ExternalIdentity.objects.create(
                provider=claims.provider, subject=claims.subject, user=user
            )
    return identity


def _check_organisation(user: User, credit_code: str) -> None:
    if (
        credit_code
        and not user.memberships.filter(
            role=Role.APPLICANT, organisation__unified_credit_code=credit_code
        ).exists()
    ):
        raise SignInRefusal(SignInRefusal.ORGANISATION_MISMATCH, credit_code=credit_code)


def _applicant_create(claims: ProviderClaims) -> ExternalIdentity:
    organisation = Organisation.objects.filter(unified_credit_code=claims.credit_code).first()
    if organisation is None:
        raise SignInRefusal(SignInRefusal.ORGANISATION_UNKNOWN, credit_code=claims.credit_code)
    # The username is ours, derived from the subject: a provider's own username may collide.
    digest = sha256(f"{claims.provider}:{claims.subject}".encode()).hexdigest()[:20]
    user = User(username=f"{claims.provider}-{digest}", first_name=claims.name[:150])
    user.set_unusable_password()
    user.save()
    role_grant(user=user, role=Role.APPLICANT, organisation=organisation)
    return ExternalIdentity.objects.create(
        provider=claims.provider, subject=claims.subject, user=user
    )


@transaction.atomic
def external_sign_in(*, claims: ProviderClaims) -> User:
    """The account ``claims`` sign in as, recording the 实名 level and the time; refuses with
    a ``SignInRefusal`` and changes nothing when there is none."""
    identity = _linked(claims)
    if identity is None:
        if not claims.credit_code:
            raise SignInRefusal(SignInRefusal.NOT_PROVISIONED)
        identity = _applicant_create(claims)
    user = identity.user
    if not user.is_active:
        raise SignInRefusal(SignInRefusal.INACTIVE)
    _check_organisation(user, claims.credit_code)
    identity.assurance_level = claims.assurance_level
    identity.last_seen = timezone.now()
    identity.save(update_fields=["assurance_level", "last_seen"])
    return user


def identity_level_of(*, user: User) -> int:
    """The highest 实名 level a provider asserted for ``user`` at their last sign-in through
    it; 0 for a local account."""
    level = user.external_identities.aggregate(level=Max("assurance_level"))["level"]
    return int(level or 0)
