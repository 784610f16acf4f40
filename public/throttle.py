"""Throttles of the public doors (product.md §19 P2: "rate limits and a CAPTCHA-free anti-abuse
design"): a report per address an hour and a day, a tracking code's status per address and per
code. Counted with django-ratelimit in the shared cache (``CACHE_URL``), by the address the
audit trail and the login throttle read (``permits.selectors.client_ip``: X-Forwarded-For only
behind the configured proxies); an IPv6 address by its /64, which one subscriber holds.

The rates are settings (``PERMITS_PUBLIC_RATES``), so a bureau tunes them without a release."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from core.errors import TooManyRequests
from permits.selectors import client_ip

IPV6_PREFIX = 64


def address_key(request: HttpRequest) -> str:
    """The address counted: an IPv4 address whole, an IPv6 one by its /64."""
    address = client_ip(request) or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False).network_address)
    return str(ip)


def throttle(request: HttpRequest, scope: str, *, code: str = "") -> None:
    """Count this request in every limit of ``scope``; 429 (``TooManyRequests``) when one is
    past. Every limit is counted, so one refused request still counts against the others."""
    values = {"address": address_key(request), "address_daily": address_key(request), "code": code}
    limited = False
    for name, rate in settings.PERMITS_PUBLIC_RATES[scope].items():
        value = values.get(name, "")
        if not value:
            continue
        limited |= is_ratelimited(
            request,
            group=f"public.{scope}.{name}",
            key=lambda _group, _request, value=value: value,
            rate=rate,
            increment=True,
        )
    if limited:
        raise TooManyRequests()
