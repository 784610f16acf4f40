"""Failed-login throttling for every door (web login, admin login, API token), with django-axes.
Here, below the doors, because the API token door asks it for the time a lock has left.

Three limits over the failures of the cool-off window (``AXES_COOLOFF_TIME``), kept in the
database (shared by every process). None of them lets a stranger who knows a user name lock that
user out of the places the user logs in from:

- an **account from one address** is locked after ``AXES_FAILURE_LIMIT`` failures (a guess at one
  password from one place; the account stays open everywhere else);
- an **address** is locked after ``PERMITS_LOGIN_ADDRESS_FAILURE_LIMIT`` failures, whatever the
  accounts (one place guessing many accounts), a limit high enough that one official's typos
  never lock the colleagues behind the same NAT;
- an **account from unfamiliar addresses**: after ``PERMITS_LOGIN_ACCOUNT_WIDE_FAILURE_LIMIT``
  failures from anywhere (a guess spread over many addresses), the account accepts no attempt
  from an address it has not logged in from within ``PERMITS_LOGIN_FAMILIAR_DAYS``; the addresses
  it has logged in from (axes' access log) stay open, each under its own limit above.

A lock ends one cool-off after the failure that reached its limit: attempts refused during a lock
are not counted (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False``), so they neither
prolong it nor count towards another. ``lock_ends_at`` says when every lock that holds the attempt
has ended: the lockout page's message and the API's ``Retry-After`` state that time.
"""

import math
from datetime import datetime, timedelta
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext

LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Longer than any username auth.User accepts (150), within axes' column (255).
USERNAME_MAX_LENGTH = 200


def attempted_username(
    request: HttpRequest, credentials: dict[str, Any] | None = None
) -> str | None:
    """The username an attempt names (AXES_USERNAME_CALLABLE), made storable: the API's token
    serializer bounds neither its length nor its content as the login forms do, and a NUL byte
    or 300 characters must not turn a failed login into a database error."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    if username is None:
        return None
    return str(username).replace("\x00", "")[:USERNAME_MAX_LENGTH]


def _address(request: HttpRequest) -> str | None:
    # Set on the request by axes (AxesProxyHandler.update_request) before any check; axes reads
    # it through AXES_CLIENT_IP_CALLABLE (config.client_address), as the audit trail does.
    address: str | None
    if hasattr(request, "axes_ip_address"):
        address = request.axes_ip_address
    else:
        address = get_client_ip_address(request)
    return address


def _lock_end(
    attempts: QuerySet[AccessAttempt], limit: int, since: datetime, cool_off: timedelta
) -> datetime | None:
    """When the failures of ``attempts`` fall below ``limit`` again, or None if they are below.

    axes keeps one row per (username, address, user agent) with the time of its last failure;
    the window keeps a row while that time is within the cool-off. Newest first, the row at which
    the count reaches the limit is the last to leave before the count drops under it."""
    rows = (
        attempts.filter(attempt_time__gte=since)
        .order_by("-attempt_time")
        .values_list("attempt_time", "failures_since_start")
    )
    total = 0
    # Every row holds at least one failure: ``limit`` rows always reach the limit.
    attempt_time: datetime
    failures: int
    for attempt_time, failures in rows[:limit]:
        total += failures
        if total >= limit:
            return attempt_time + cool_off
    return None


def is_familiar(username: str, address: str | None) -> bool:
    """Whether the account has logged in from the address within PERMITS_LOGIN_FAMILIAR_DAYS."""
    if not address:
        return False
    since = timezone.now() - timedelta(days=settings.PERMITS_LOGIN_FAMILIAR_DAYS)
    familiar: bool = AccessLog.objects.filter(
        username=username, ip_address=address, attempt_time__gte=since
    ).exists()
    return familiar


def lock_ends_at(
    request: HttpRequest, credentials: dict[str, Any] | None = None
) -> datetime | None:
    """When every lock that holds this attempt (its account, its address) has ended; None if
    none does."""
    cool_off = get_cool_off(request)
    if cool_off is None:  # settings always set one; without it axes would lock for good
        return None
    since = get_cool_off_threshold(request)
    username = get_client_username(request, credentials)
    address = _address(request)
    ends = [
        _lock_end(
            AccessAttempt.objects.filter(ip_address=address),
            settings.PERMITS_LOGIN_ADDRESS_FAILURE_LIMIT,
            since,
            cool_off,
        )
    ]
    if username:
        account = AccessAttempt.objects.filter(username=username)
        ends.append(
            _lock_end(
                account.filter(ip_address=address), settings.AXES_FAILURE_LIMIT, since, cool_off
            )
        )
        account_wide = _lock_end(
            account, settings.PERMITS_LOGIN_ACCOUNT_WIDE_FAILURE_LIMIT, since, cool_off
        )
        if account_wide is not None and not is_familiar(username, address):
            ends.append(account_wide)
    known = [end for end in ends if end is not None]
    return max(known) if known else None


def seconds_left(request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
    """The whole seconds until the locks that refused this attempt end (its Retry-After); a
    whole cool-off if none holds it any more (it ended in the instant since the refusal)."""
    end = lock_ends_at(request, credentials)
    if end is None:
        return round(settings.AXES_COOLOFF_TIME.total_seconds())
    return max(math.ceil((end - timezone.now()).total_seconds()), 1)


def lockout_message(seconds: int) -> str:
    minutes = max(math.ceil(seconds / 60), 1)
    return ngettext(
        "Too many failed logins: logging in to this account from this address is locked for "
        "another {minutes} minute. Try again later, or ask an administrator to unlock it.",
        "Too many failed logins: logging in to this account from this address is locked for "
        "another {minutes} minutes. Try again later, or ask an administrator to unlock it.",
        minutes,
    ).format(minutes=minutes)


def remember_login(request: HttpRequest, user: AbstractBaseUser) -> None:
    """Record a login through a door that does not call ``django.contrib.auth.login`` (the API
    token), as axes records the others: the address becomes familiar to the account."""
    AccessLog.objects.create(
        username=user.get_username(),
        ip_address=_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "<unknown>")[:255],
        http_accept=request.META.get("HTTP_ACCEPT", "<unknown>")[:1025],
        path_info=request.META.get("PATH_INFO", "<unknown>")[:255],
    )


class AccountOrAddressHandler(AxesDatabaseHandler):
    """axes compares one number with one limit: the failures answered here are that limit when
    a lock holds the attempt, none otherwise."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        if lock_ends_at(request, credentials) is None:
            return 0
        return settings.AXES_FAILURE_LIMIT


# Addresses whose callers read JSON, not a page: the passkey ceremonies' (web/passkey_urls.py).
JSON_LOCKOUT_PATHS = ("/accounts/passkeys/",)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The web and admin login pages' answer to a locked-out attempt (AXES_LOCKOUT_CALLABLE).
    The API token door answers in api.md's error format itself (api.views.auth.TokenView); a
    passkey's ceremony (web/passkeys.py) gets JSON its script shows, code ``locked``."""
    seconds = seconds_left(request, credentials)
    if request.path.startswith(JSON_LOCKOUT_PATHS):
        body = {"detail": str(lockout_message(seconds)), "code": "locked"}
        answer = JsonResponse(body, status=settings.AXES_HTTP_RESPONSE_CODE)
        answer["Retry-After"] = str(seconds)
        return answer
    response = render(
        request,
        LOCKOUT_TEMPLATE,
        {"message": lockout_message(seconds)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(seconds)
    return response
