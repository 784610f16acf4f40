"""``tasks/<id>/interested-party-notice/`` and ``interested-party-notices/<id>/answer/``: the
利害关系人告知书 of an occupation's district step (product.md §16 L14; Administrative Licensing
Law art. 36) and the holder's answer, which its approval waits for."""

from workflows import selectors as task_selectors
from workflows import services as task_services
from workflows.models import InterestedPartyNotice

from ..serializers.parties import (
    InterestedPartyAnswerSerializer,
    InterestedPartyNoticeSerializer,
    InterestedPartyNotifySerializer,
)
from .base import ActView


def _stored(notice: InterestedPartyNotice) -> InterestedPartyNotice:
    """Read again as the record reads it."""
    return task_selectors.interested_party_notices_of(notice.application).get(pk=notice.pk)


class InterestedPartyNotifyView(ActView):
    body_class = InterestedPartyNotifySerializer
    request_schema = {"application/json": InterestedPartyNotifySerializer}
    act = staticmethod(task_services.interested_party_notify)
    target = "task_id"
    read = staticmethod(_stored)
    answer_class = InterestedPartyNoticeSerializer
    answer_status = 201


class InterestedPartyAnswerView(ActView):
    body_class = InterestedPartyAnswerSerializer
    request_schema = {"application/json": InterestedPartyAnswerSerializer}
    act = staticmethod(task_services.interested_party_answer)
    target = "notice_id"
    read = staticmethod(_stored)
    answer_class = InterestedPartyNoticeSerializer
