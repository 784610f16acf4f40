"""Throttles of the public doors (product.md §19 P2: "rate limits and a CAPTCHA-free anti-abuse
design"): a report per address an hour and a day, a tracking code's status per address and per
code. Counted in the shared cache (``CACHE_URL``; ``throttle`` with django-ratelimit, the report
limits by ``Quota``), each count raised before it is checked, by the address the
audit trail and the login throttle read (``permits.selectors.client_ip``: X-Forwarded-For only
behind the configured proxies); an IPv6 address by its /64, which one subscriber holds.

The rates are settings (``PERMITS_PUBLIC_RATES``), so a bureau tunes them without a release."""

import contextlib
import ipaddress
import time
from types import TracebackType

from django.conf import settings
from django.core.cache import cache
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


def _limited(request: HttpRequest, scope: str, code: str) -> bool:
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
            increment=True,
        )
        # Counted first (atomically), this request is past the limit when the count exceeds it.
        limited |= usage is not None and usage["count"] > usage["limit"]
    return limited


def throttle(request: HttpRequest, scope: str, *, code: str = "") -> None:
    """429 (``TooManyRequests``) when a limit of ``scope`` is past; this request is counted in
    each limit (all of them, so a refused request still counts against the others)."""
    if _limited(request, scope, code):
        raise TooManyRequests()


UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _rate(rate: str) -> tuple[int, int]:
    """``"5/h"`` → (5, 3600); ``"5/10m"`` → (5, 600)."""
    limit, per = rate.split("/")
    return int(limit), int(per[:-1] or 1) * UNITS[per[-1]]


def _increment(key: str, timeout: int) -> int:
    """The window's count raised by one, atomically: created at 0 when missing, then raised.
    A key that expires between the two (the window's last instant) is created again and raised
    again, never set to 1 over another request's count; a cache that keeps losing the key
    refuses (fails closed) rather than counting nothing."""
    for _attempt in range(3):
        cache.add(key, 0, timeout)
        try:
            return int(cache.incr(key))
        except ValueError:  # expired between add and incr
            continue
    raise TooManyRequests()


class Quota:
    """A place in the limits of ``scope`` held for one request (the report limits: only reports
    kept count, so a citizen correcting a refused form is not shut out by their own mistakes).

    Increment, then check: each limit's count is raised first (``cache.incr``, atomic in Redis
    across processes and machines, in LocMemCache within one) and the request is refused when a
    count passes its limit, so parallel posts cannot all pass a check made before any is
    counted. The place is given back (``cache.decr``) when refused, and on leaving the ``with``
    unless ``keep()`` was called: a post refused for a bad field, or failing, counts nothing."""

    def __init__(self, request: HttpRequest, scope: str) -> None:
        self.held: list[str] = []
        self.kept = False
        now = int(time.time())
        address = address_key(request)
        for name, rate in settings.PERMITS_PUBLIC_RATES[scope].items():
            limit, period = _rate(rate)
            key = f"permits.quota.{scope}.{name}.{period}.{now // period}.{address}"
            count = _increment(key, period + 60)
            self.held.append(key)
            if count > limit:
                self.release()
                raise TooManyRequests()

    def keep(self) -> None:
        """The request is done (a report kept): its place stays counted."""
        self.kept = True

    def release(self) -> None:
        """Give the place back in each limit counted."""
        for key in self.held:
            # The window ended meanwhile (the key expired): nothing left to give back.
            with contextlib.suppress(ValueError):
                cache.decr(key)
        self.held = []

    def __enter__(self) -> "Quota":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if not self.kept:
            self.release()
