"""Throttles of the public doors (product.md §19 P2: "rate limits and a CAPTCHA-free anti-abuse
design"): a report per address an hour and a day, a tracking code's status per address and per
code. Counted with django-ratelimit in the shared cache (``CACHE_URL``), by the address the
audit trail and the login throttle read (``permits.selectors.client_ip``: X-Forwarded-For only
behind the configured proxies); an IPv6 address by its /64, which one subscriber holds.

The rates are settings (``PERMITS_PUBLIC_RATES``), so a bureau tunes them without a release."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from core.errors import TooManyRequests
from permits.selectors import client_ip

IPV6_PREFIX = 64
NAT64 = ipaddress.ip_network("64:ff9b::/96")


def address_key(request: HttpRequest) -> str:
    """The address counted: an IPv4 address whole, an IPv6 one by its /64."""
    address = client_ip(request) or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv4 client seen through a dual-stack socket (::ffff:a.b.c.d) or a NAT64 gateway
        # (64:ff9b::a.b.c.d) is counted by its IPv4 address, not with every other one.
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        if ip in NAT64:
            return str(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False).network_address)
    return str(ip)


def _limited(request: HttpRequest, scope: str, code: str, *, count: bool) -> bool:
    values = {"address": address_key(request), "address_daily": address_key(request), "code": code}
    limited = False
    for name, rate in settings.PERMITS_PUBLIC_RATES[scope].items():
        value = values.get(name, "")
        if not value:
            continue
        usage = get_usage(
            request,
            group=f"public.{scope}.{name}",
            key=lambda _group, _request, value=value: value,
            rate=rate,
            increment=count,
        )
        if usage is None:
            continue
        # Counted, this request is past the limit when the count exceeds it; only looked at,
        # when one more would.
        past = usage["count"] > usage["limit"] if count else usage["count"] >= usage["limit"]
        limited |= past
    return limited


def throttle(request: HttpRequest, scope: str, *, code: str = "", count: bool = True) -> None:
    """429 (``TooManyRequests``) when a limit of ``scope`` is past; with ``count``, this request
    is counted in each limit (all of them, so a refused request still counts against the
    others). The report form checks ``report`` without counting and counts the report once it
    is kept (``throttle_count``): a citizen correcting a refused form is not shut out by their
    own mistakes; every post counts in ``report_attempt``, a looser limit."""
    if _limited(request, scope, code, count=count):
        raise TooManyRequests()


def throttle_count(request: HttpRequest, scope: str) -> None:
    """Count a request checked without counting (a report kept)."""
    _limited(request, scope, "", count=True)
