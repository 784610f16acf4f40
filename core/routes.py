"""The doors' route tables (``api.urls``, ``web.urls``): the routes below one URL prefix, each
a (suffix, view, name) row, made into ``path()``s."""

from collections.abc import Callable

from django.http import HttpResponseBase
from django.urls import URLPattern, path
from django.views import View

Route = tuple[str, type[View] | Callable[..., HttpResponseBase], str]


def routes(prefix: str, *rows: Route) -> list[URLPattern]:
    """One ``path()`` per (suffix, view, name) below ``prefix``, in the rows' order."""
    return [path(prefix + suffix, _served(view), name=name) for suffix, view, name in rows]


def _served(view: type[View] | Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A view class is served by its ``as_view()``; a view already made, as it is."""
    if not isinstance(view, type):
        return view
    assert issubclass(view, View)
    return view.as_view()
