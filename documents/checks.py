"""What production needs before it serves (product.md §13, docs/deployment.md): the public address
printed into documents, the audit signing key, the personal-data keys (issue 49) and a cache
every process shares (the rate limits); and, for ``check --deploy``, HTTPS end to end behind the
TLS or TLCP gateway (issue 49 item 5).

Checked where a server or a worker starts (``config.wsgi``, ``config.asgi``, the Celery worker)
and by ``manage.py check --deploy``; not when settings load or apps get ready, so that build
steps (``makemigrations``, ``collectstatic``, ``compilemessages``) run without the secrets.
"""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from audit.checkpoints import signing_key, tree_hash_problem
from core.pii_rotation import pii_key_problems

MSG_NO_SITE_URL = (
    "Set PERMITS_SITE_URL to the public address of this site (e.g. "
    "https://permits.example.gov.cn): every document prints it into its QR code."
)


MSG_LOCAL_CACHE = (
    "Set CACHE_URL to the cache every web process shares (e.g. redis://redis:6379/2): the public "
    "doors' rate limits count in it, and a per-process cache lets each worker count alone. A trial "
    "on one machine may set PERMITS_LOCAL_CACHE_OK=1 instead."
)
LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


def shared_cache_problems() -> list[str]:
    """Outside development the rate limits need a cache shared by every process (Redis): a
    per-process or dummy cache is refused unless a one-machine trial says so."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or settings.PERMITS_LOCAL_CACHE_OK or backend not in LOCAL_CACHES:
        return []
    return [MSG_LOCAL_CACHE]


MSG_DEV_CA_AUTOCREATE = (
    "PERMITS_SEAL_PROVIDER=pades seals documents with the agencies' PAdES signatures, and "
    "PERMITS_DOCUMENT_SIGNING_AUTOCREATE is on outside DEBUG: documents would be sealed under the "
    "self-made development CA. Turn it off and install each agency's key and certificate "
    "(docs/deployment.md, Signing documents)."
)
MSG_DEV_CA_CERTIFICATE = (
    "PERMITS_SEAL_PROVIDER=pades, and these signing certificates in {directory} chain to the "
    "self-made development CA, which is for development only: {files}. Install certificates "
    "issued by a lawful certification authority (docs/deployment.md, Signing documents)."
)
MSG_ESEAL_UNCONFIGURED = (
    "PERMITS_SEAL_PROVIDER=eseal needs PERMITS_ESEAL_URL (the platform's address) and "
    "PERMITS_ESEAL_PUBLIC_KEYS (its seal keys this system trusts, SM2 public keys in hexadecimal) "
    "(docs/deployment.md, The e-seal platform)."
)


def development_ca_problems() -> list[str]:
    """Outside development the PAdES seal must not come from the self-made development CA
    (issue 49): autocreation off, and no installed certificate chaining to it. The wet and
    eseal providers do not seal with PAdES (its signature then only proves the file unchanged)."""
    if settings.DEBUG or settings.PERMITS_SEAL_PROVIDER != "pades":
        return []
    if settings.PERMITS_DOCUMENT_SIGNING_AUTOCREATE:
        return [MSG_DEV_CA_AUTOCREATE]
    from .signing import development_ca_certificates, signing_dir

    if files := development_ca_certificates():
        return [MSG_DEV_CA_CERTIFICATE.format(directory=signing_dir(), files=", ".join(files))]
    return []


def eseal_problems() -> list[str]:
    if settings.PERMITS_SEAL_PROVIDER != "eseal":
        return []
    if settings.PERMITS_ESEAL_URL and settings.PERMITS_ESEAL_PUBLIC_KEYS:
        return []
    return [MSG_ESEAL_UNCONFIGURED]


def production_problems() -> list[str]:
    """What is missing; empty when the process may serve."""
    problems = shared_cache_problems() + development_ca_problems() + eseal_problems()
    if not settings.SITE_URL:
        problems.append(MSG_NO_SITE_URL)
    if not settings.PERMITS_AUDIT_KEY_AUTOCREATE:
        # Never run with an unsigned trail: the key must be there before the first decision.
        try:
            signing_key()
        except ImproperlyConfigured as error:
            problems.append(str(error))
    # Personal data: the keys readable and those the stored values were written with (a wrong
    # key file refused here, never garbled or failing pages), in development too.
    problems.extend(pii_key_problems())
    return problems


def production_settings_require() -> None:
    """Refuse to start (ImproperlyConfigured listing every problem) when production lacks a
    requirement."""
    if problems := production_problems():
        raise ImproperlyConfigured(" ".join(problems))


@register(Tags.security, deploy=True)
def production_settings_check(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    ids = dict.fromkeys(shared_cache_problems(), "documents.E002")
    ids.update(dict.fromkeys(pii_key_problems(), "documents.E003"))
    ids.update(dict.fromkeys(development_ca_problems(), "documents.E005"))
    ids.update(dict.fromkeys(eseal_problems(), "documents.E006"))
    return [
        Error(problem, id=ids.get(problem, "documents.E001")) for problem in production_problems()
    ]


MSG_SITE_NOT_HTTPS = (
    "PERMITS_SITE_URL is {url}: the public address (printed into every document's QR code, the "
    "passkeys' origin) must be https:// outside development (docs/deployment.md, TLS and TLCP "
    "in front of gunicorn)."
)
MSG_COOKIES_NOT_SECURE = (
    "Set DJANGO_SECURE_COOKIES=1: the session and CSRF cookies would also travel over plain "
    "HTTP (GB/T 39786-2021 level 3, 网络和通信安全: the session's confidentiality in transit)."
)
MSG_NO_HSTS = (
    "Set DJANGO_SECURE_HSTS_SECONDS (31536000: a year): without HSTS a browser may still be led "
    "to the plain-HTTP address first."
)
MSG_PROXY_NO_PROTO = (
    "PERMITS_PROXY_COUNT={count} says requests come through a proxy, but "
    "DJANGO_TRUST_X_FORWARDED_PROTO is off: every request counts as plain HTTP (redirect loops "
    "with DJANGO_SECURE_SSL_REDIRECT, HTTPS origins refused by the CSRF check). Set it with a "
    "proxy that overwrites X-Forwarded-Proto."
)
MSG_PROTO_NO_PROXY = (
    "DJANGO_TRUST_X_FORWARDED_PROTO is on but PERMITS_PROXY_COUNT=0: a proxy in front sets the "
    "scheme, yet every client would be counted as the proxy's address (login throttling, the "
    "audit trail's client_ip). Set PERMITS_PROXY_COUNT to the number of proxies."
)


def transport_problems() -> list[str]:
    """Outside development: HTTPS end to end as the deployment guide sets it (the public
    address, secure cookies, HSTS) and the proxy settings agreeing with each other. A trial
    on plain HTTP still starts: this is ``check --deploy``'s, not the start-up's."""
    if settings.DEBUG:
        return []
    problems = []
    if settings.SITE_URL and not settings.SITE_URL.startswith("https://"):
        problems.append(MSG_SITE_NOT_HTTPS.format(url=settings.SITE_URL))
    if not (settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE):
        problems.append(MSG_COOKIES_NOT_SECURE)
    if settings.SECURE_HSTS_SECONDS <= 0:
        problems.append(MSG_NO_HSTS)
    proxies, proto = settings.AXES_IPWARE_PROXY_COUNT, settings.SECURE_PROXY_SSL_HEADER
    if proxies and not proto:
        problems.append(MSG_PROXY_NO_PROTO.format(count=proxies))
    if proto and not proxies:
        problems.append(MSG_PROTO_NO_PROXY)
    return problems


@register(Tags.security, deploy=True)
def transport_check(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    return [Error(problem, id="documents.E007") for problem in transport_problems()]


@register(Tags.database, deploy=True)
def document_signing_keys_check(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """``check --deploy --database default``: agencies that decide without a document-signing
    key (their documents would stay unsigned until one is installed)."""
    from roles.models import Agency, AgencyKind

    from .signing import signing_dir

    if settings.PERMITS_DOCUMENT_SIGNING_AUTOCREATE:
        return []
    directory = signing_dir()
    missing = [
        code
        for code in Agency.objects.exclude(kind=AgencyKind.AUDIT)
        .order_by("code")
        .values_list("code", flat=True)
        if not (directory / f"{code}.key.pem").is_file()
        or not (directory / f"{code}.cert.pem").is_file()
    ]
    if not missing:
        return []
    return [
        Warning(
            f"No document-signing key in {directory} for agencies {', '.join(missing)}: their "
            "documents stay unsigned until <code>.key.pem and <code>.cert.pem are "
            "installed (docs/deployment.md, Signing documents).",
            id="documents.W001",
        )
    ]


@register(Tags.database, deploy=True)
def licence_codes_check(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """``check --deploy --database default``: application types without an electronic licence
    type code, agencies without a credit code (issue 49: their approvals carry no licence
    identifier until both are entered; the tick then assigns it)."""
    from permits.choices import Kind
    from roles.models import Agency, AgencyKind

    from .models import LicenceType

    kinds = sorted(set(Kind.values) - set(LicenceType.objects.values_list("kind", flat=True)))
    agencies = list(
        Agency.objects.exclude(kind=AgencyKind.AUDIT)
        .filter(unified_credit_code="")
        .order_by("code")
        .values_list("code", flat=True)
    )
    if not kinds and not agencies:
        return []
    return [
        Warning(
            "Electronic licences (GB/T 36904) wait for the type codes of "
            f"{', '.join(kinds) or '-'} and the credit codes of agencies "
            f"{', '.join(agencies) or '-'}: enter them in the admin (docs/api.md, Electronic "
            "licences).",
            id="documents.W002",
        )
    ]


@register(Tags.database, deploy=True)
def audit_tree_hash_check(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """A running installation does not switch its tree's hash silently (issue 49)."""
    problem = tree_hash_problem()
    return [] if problem is None else [Error(problem, id="documents.E004")]
