"""The client's address: one function for login throttling (django-axes) and the audit trail.

Without a configured proxy count, ``REMOTE_ADDR`` is the client: any ``X-Forwarded-For`` is the
client's own words and is ignored. Behind N reverse proxies that each append the address they
received the request from (nginx's ``$proxy_add_x_forwarded_for``), the last N entries of
``X-Forwarded-For`` were written by our proxies and the N-th from the right is the client;
entries left of it may be forged and are never read.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str | None) -> str | None:
    if not address:
        return None
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR"))
    proxies = settings.AXES_IPWARE_PROXY_COUNT or 0
    if not proxies:
        return remote
    chain = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [hop for hop in chain if hop]
    if len(chain) < proxies:
        # The request did not come through every proxy: only the connection's address is known.
        return remote
    return _valid(chain[-proxies]) or remote
