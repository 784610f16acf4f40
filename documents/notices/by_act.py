"""A notice issued by an act (``permits.acts.Act``, a task's act): on the act's application, in
the name of the act's agency, signed by who acts (the system's acts sign with no name). The acts
of licensing and supervision issue their notices through ``act_notice_issue`` rather than
naming the three again each time."""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Protocol

from django.contrib.auth.models import User

from audit.trail import display_name
from permits.models import Application
from roles.models import Agency

from ..models import Certificate, DocumentKind
from .issuing import notice_issue


class IssuingAct(Protocol):
    """An act as a notice reads it: who, for which agency, on which application."""

    @property
    def by(self) -> User | None: ...
    @property
    def agency(self) -> Agency | None: ...
    @property
    def application(self) -> Application | None: ...


def act_notice_issue(
    act: IssuingAct,
    kind: DocumentKind,
    *,
    reason: str = "",
    items: Iterable[Any] = (),
    extra: Mapping[str, Any] | None = None,
    addressee: str = "",
    valid_from: date | None = None,
    valid_until: date | None = None,
) -> Certificate:
    """``notice_issue`` of ``kind`` for ``act``."""
    application, agency = act.application, act.agency
    assert application is not None and agency is not None, "a notice is an agency's, on a permit"
    return notice_issue(
        application=application,
        kind=kind,
        agency=agency,
        signed_by_name=display_name(act.by),
        reason=reason,
        items=items,
        extra=extra,
        addressee=addressee,
        valid_from=valid_from,
        valid_until=valid_until,
    )
