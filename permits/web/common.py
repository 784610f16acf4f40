"""What every page of the web UI shares: the page size, how a service's refusal is shown,
and the application of the URL (or 404)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404

from roles import access

from ..errors import NotAllowed, NotVisible, ServiceError

PAGE_SIZE = 25


def _raise_for_access(error: ServiceError) -> None:
    """Invisible → 404 (no existence leak); visible but not allowed → 403."""
    if isinstance(error, NotVisible):
        raise Http404 from error
    if isinstance(error, NotAllowed):
        raise PermissionDenied(str(error.detail)) from error


def _error_messages(request, error: ServiceError) -> None:
    """A refusal the user cannot fix in a form field (the state moved on, or a refusal)."""
    for problem in error.problems or []:
        messages.error(request, str(problem.message))
    if not error.problems:
        messages.error(request, str(error.detail))


def _visible_application(request, pk):
    """The application's type row (all its facts), or 404."""
    try:
        return access.application_get_visible(request.user, pk).detail
    except NotVisible:
        raise Http404 from None
