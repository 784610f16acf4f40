"""Reading settings from the environment, failing loudly.

A typo such as ``DJANGO_SECURE_COOKIES=ture`` must stop the process with the variable's name,
not quietly switch a protection off (django-environ's ``bool`` reads any unknown word as false).
"""

import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str | None = None) -> str:
    value = _raw(name)
    if value:
        return value
    if default is None:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return default


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int, *, minimum: int | None = 0) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} must be at least {minimum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    value = _raw(name)
    return Path(value) if value else default


def env_url(name: str, default: str = "") -> str:
    """An absolute http(s) address without query or fragment, its trailing slash removed; unset:
    ``default`` (empty: not configured). A value that is not such an address is refused
    (ImproperlyConfigured naming the variable)."""
    value = env_str(name, default)
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not an absolute http(s) address such as "
            "https://permits.example.gov.cn."
        )
    return value.rstrip("/")


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """One of ``choices`` (case-insensitive); unset or empty: ``default``. Any other word is
    refused, naming the variable and the words it takes."""
    value = _raw(name)
    if not value:
        return default
    if value.lower() in choices:
        return value.lower()
    raise ImproperlyConfigured(f"{name}={value!r} is not one of {', '.join(choices)}.")


def relying_party(site_url: str) -> tuple[str, list[str]]:
    """The passkeys' relying party (WebAuthn's RP ID, a domain name) and the origins a browser
    may sign from, derived from ``PERMITS_SITE_URL``: its host and its scheme://host[:port].
    A browser refuses an IP address as an RP ID, and http anywhere but on localhost; so a
    development address on the loopback (make run's http://127.0.0.1:8000) becomes localhost:
    passkeys work there at http://localhost:8000. Unset (a management command without
    DEBUG): localhost, which no production browser ever signs for."""
    parts = urlsplit(site_url or "http://localhost")
    host = parts.hostname or "localhost"
    if host == "localhost" or _is_ip_address(host):
        port = f":{parts.port}" if parts.port else ""
        return "localhost", [f"http://localhost{port}", f"https://localhost{port}"]
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return host, [f"{parts.scheme}://{netloc}"]


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
