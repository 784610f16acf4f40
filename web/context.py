"""What every page's shell needs: the bell's unread count (asked only when a page shows it)."""

from functools import partial
from typing import Any

from django.http import HttpRequest

from permits.notifications import notifications_unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # A callable: the template engine calls it only where the bell is drawn.
    return {"notifications_unread": partial(notifications_unread_count, user)}
