"""What every page's shell needs: the bell's unread count (asked only when a page shows it)."""

from functools import partial
from typing import Any

from django.http import HttpRequest

from permits.notifications import notifications_unread_count
from roles.second_factor import may_reset_any

from .maps import map_settings


def notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # A callable: the template engine calls it only where the bell is drawn.
    return {"notifications_unread": partial(notifications_unread_count, user)}


def maps(request: HttpRequest) -> dict[str, Any]:
    """The basemap the maps load (web/maps.py), for ``web/includes/map_attrs.html``."""
    return {"map_settings": map_settings}


def account(request: HttpRequest) -> dict[str, Any]:
    """The account menu's link to the reset of a lost second factor: shown to a head and the
    security administrator only (a callable: asked only where the menu is drawn)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"may_reset_second_factors": partial(may_reset_any, user)}
