"""Failed-login throttling for every door (web login, admin login, API token), with django-axes.

Two thresholds over the failures of the cool-off window, kept in the database (shared by every
process):

- an **account** is locked after ``AXES_FAILURE_LIMIT`` failures, whatever addresses they came
  from (a distributed guess at one password);
- an **address** is limited only after ``PERMITS_LOGIN_ADDRESS_FAILURE_LIMIT`` failures, so that
  one official's typos never lock the colleagues behind the same NAT.

axes compares one number with one limit; ``get_failures`` below answers the failures that count
against the account's limit, raised to that limit when the address is over its own one.
Both locks end after the cool-off (``AXES_COOLOFF_TIME``): nobody can lock an account for good.
The message of a lockout is ``AXES_COOLOFF_MESSAGE`` (settings), the same at every door.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_lockout_message
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Longer than any username auth.User accepts (150), within axes' column (255).
USERNAME_MAX_LENGTH = 200


def attempted_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
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


class AccountOrAddressHandler(AxesDatabaseHandler):
    def _recent_failures(self, request: HttpRequest, **lookup: str) -> int:
        attempts = AccessAttempt.objects.filter(
            attempt_time__gte=get_cool_off_threshold(request), **lookup
        )
        return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        by_account = self._recent_failures(request, username=username) if username else 0
        # Set on the request by axes' middleware; HttpRequest's stubs do not know it.
        address = request.axes_ip_address  # type: ignore[attr-defined]
        by_address = self._recent_failures(request, ip_address=address) if address else 0
        if by_address >= settings.PERMITS_LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(by_account, settings.AXES_FAILURE_LIMIT)
        return by_account


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The web and admin login pages' answer to a locked-out attempt (AXES_LOCKOUT_CALLABLE).
    The API token door answers in API.md's error format itself (api.views.TokenView)."""
    return render(
        request,
        LOCKOUT_TEMPLATE,
        {"message": get_lockout_message()},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
