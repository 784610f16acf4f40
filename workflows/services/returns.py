"""Returns for correction and resubmission: the items a return lists (checked when a reviewer
returns the application; one return at acceptance), the applicant's correction note, kept on a
``Resubmission`` beside the version resubmitted, and the step a resubmission resumes at."""

from typing import Any

from django.contrib.auth.models import User

from core.errors import InvalidInput, Problem, StateConflict
from core.messages import (
    MSG_ACCEPTANCE_RETURNED_ONCE,
    MSG_NOTE_INVALID,
    MSG_NOTE_TOO_LONG,
    MSG_RETURN_ITEM,
    MSG_RETURN_ITEM_FIELD,
    MSG_RETURN_ITEM_KIND,
    MSG_RETURN_ITEM_TOO_LONG,
    MSG_RETURN_ITEMS_REQUIRED,
    MSG_RETURN_ITEMS_TOO_MANY,
    MSG_REVIEW_RETURNED,
)
from permits.choices import AttachmentKind, Decision, Status, Step
from permits.models import Application
from permits.services import application_field_names

from .. import selectors
from ..models import ResolvedRoute, Resubmission

RETURN_ITEMS_MAX = 50
RETURN_ITEM_MESSAGE_MAX = 2000
RETURN_ITEM_KEYS = {"field", "attachment_kind", "message"}


def _return_items_refused(code: str, message: str) -> InvalidInput:
    return InvalidInput(problems=[Problem("items", code, message)])


def _validate_return_item(item: object, number: int, fields: list[str]) -> dict[str, str]:
    if not isinstance(item, dict) or set(item) - RETURN_ITEM_KEYS:
        raise _return_items_refused("invalid", MSG_RETURN_ITEM % {"number": number})
    field, kind, message = item.get("field"), item.get("attachment_kind"), item.get("message")
    if not (isinstance(message, str) and message.strip()):
        raise _return_items_refused("invalid", MSG_RETURN_ITEM % {"number": number})
    if len(message) > RETURN_ITEM_MESSAGE_MAX:
        limits = {"number": number, "max": RETURN_ITEM_MESSAGE_MAX}
        raise _return_items_refused("max_length", MSG_RETURN_ITEM_TOO_LONG % limits)
    if field not in (None, "") and field not in fields:
        shown = field if isinstance(field, str) else repr(field)
        refusal = MSG_RETURN_ITEM_FIELD % {"number": number, "field": shown}
        raise _return_items_refused("unknown_field", refusal)
    if kind not in (None, "") and kind not in AttachmentKind.values:
        shown = kind if isinstance(kind, str) else repr(kind)
        refusal = MSG_RETURN_ITEM_KIND % {"number": number, "kind": shown}
        raise _return_items_refused("invalid_choice", refusal)
    return {"field": field or "", "attachment_kind": kind or "", "message": message.strip()}


def _validate_return_items(
    items: object, *, kind: str, fields: list[str] | None = None
) -> list[dict[str, str]]:
    """``[{"field", "attachment_kind", "message"}]`` as api.md writes them: at least one (the
    one-time notice names what to fix), each field one the applicant fills in for ``kind``
    (``permits.services.application_field_names``), or one of ``fields`` when given (a
    filing's), each attachment kind a known one."""
    if items is None or items == []:
        raise _return_items_refused("required", str(MSG_RETURN_ITEMS_REQUIRED))
    if not isinstance(items, list):
        raise _return_items_refused("invalid", MSG_RETURN_ITEM % {"number": 1})
    if len(items) > RETURN_ITEMS_MAX:
        raise _return_items_refused(
            "max_items", MSG_RETURN_ITEMS_TOO_MANY % {"max": RETURN_ITEMS_MAX}
        )
    fields = application_field_names(kind) if fields is None else fields
    return [_validate_return_item(item, n, fields) for n, item in enumerate(items, start=1)]


def _acceptance_return_refused(application: Application) -> None:
    """One return at acceptance (一次性告知, product.md §11): a second one there is a conflict."""
    if selectors.returned_at_acceptance(application):
        raise StateConflict(
            MSG_ACCEPTANCE_RETURNED_ONCE,
            [Problem("decision", "returned_once", str(MSG_ACCEPTANCE_RETURNED_ONCE))],
        )


def _review_return_refused(application: Application, route: ResolvedRoute) -> None:
    """Returns for correction during review are limited (product.md §16 L4, the route's
    ``review_returns_max``, 1 by default): past them the reviewer decides on what is there."""
    if selectors.review_returns(application) >= route.review_returns_max:
        message = str(MSG_REVIEW_RETURNED) % {"max": route.review_returns_max}
        raise StateConflict(message, [Problem("decision", "returned_once", message)])


NOTE_MAX = 2000


def _note_clean(note: object) -> str:
    if not isinstance(note, str):
        raise InvalidInput(problems=[Problem("note", "invalid", str(MSG_NOTE_INVALID))])
    if len(note) > NOTE_MAX:
        message = MSG_NOTE_TOO_LONG % {"max": NOTE_MAX}
        raise InvalidInput(problems=[Problem("note", "max_length", message)])
    return note.strip()


def _resubmission_record(
    detail: Application, by: User, note: str, snapshot: dict[str, Any]
) -> None:
    """A resubmission answers the application's latest return (whichever step returned it)."""
    returned = selectors.latest_decision(detail, Decision.RETURN)
    if returned is not None and not Resubmission.objects.filter(decision=returned).exists():
        Resubmission.objects.create(
            decision=returned,
            application_id=detail.pk,
            note=note,
            snapshot=snapshot,
            submitted_by=by,
        )


# The status a resubmission resumes at, by the step that returned the application.
RESUMES_AT = {
    Step.ACCEPTANCE: Status.SUBMITTED,
    Step.DISTRICT_REVIEW: Status.DISTRICT_REVIEW,
    Step.MUNICIPAL_REVIEW: Status.MUNICIPAL_REVIEW,
}


def _resumes_at(detail: Application, route: ResolvedRoute) -> Status:
    """A draft goes to acceptance; a returned application back to the step that returned it,
    whose clock resumes there (product.md §11). One exception: when the corrected application is
    consulted by other agencies than the latest countersign round (a habitat domain changed),
    it is consulted again before the municipal step; and one where the route has no municipal
    step any more, which resumes at the district step."""
    if detail.status != Status.RETURNED:
        return Status.SUBMITTED
    returned = selectors.latest_decision(detail, Decision.RETURN)
    step = Step(returned.step) if returned is not None else Step.ACCEPTANCE
    status = RESUMES_AT.get(step, Status.SUBMITTED)
    if status == Status.MUNICIPAL_REVIEW and route.district_step_is_final:
        # Corrected out of protection work in a core zone (product.md §16 L9), the design has no
        # municipal step any more: the district decides it.
        return Status.DISTRICT_REVIEW
    if status == Status.MUNICIPAL_REVIEW and route.consulted_agencies:
        countersigned = {c.agency_id for c in selectors.countersigns_of_current_pass(detail)}
        if countersigned != {agency.pk for agency in route.consulted_agencies}:
            return Status.CONSULTATION
    return status
