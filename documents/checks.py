"""What production needs before it serves (product.md §13, docs/deployment.md): the public address
printed into documents, the audit signing key and a cache every process shares (the rate limits).

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

from audit.checkpoints import signing_key

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


def production_problems() -> list[str]:
    """What is missing; empty when the process may serve."""
    problems = shared_cache_problems()
    if not settings.SITE_URL:
        problems.append(MSG_NO_SITE_URL)
    if not settings.PERMITS_AUDIT_KEY_AUTOCREATE:
        # Never run with an unsigned trail: the key must be there before the first decision.
        try:
            signing_key()
        except ImproperlyConfigured as error:
            problems.append(str(error))
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
    cache = shared_cache_problems()
    return [
        Error(problem, id="documents.E002" if problem in cache else "documents.E001")
        for problem in production_problems()
    ]


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
