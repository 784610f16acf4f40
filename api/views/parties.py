"""``tasks/<id>/interested-party-notice/`` and ``interested-party-notices/<id>/answer/``: the
利害关系人告知书 of an occupation's district step (product.md §16 L14; Administrative Licensing
Law art. 36) and the holder's answer, which its approval waits for."""

from workflows import selectors as task_selectors
from workflows import services as task_services

from ..serializers.parties import (
    InterestedPartyAnswerSerializer,
    InterestedPartyNoticeSerializer,
    InterestedPartyNotifySerializer,
)
from .base import ActView, reread


class InterestedPartyActView(ActView):
    # An act of the notice procedure, its body JSON; answers with the notice as the record
    # reads it. No docstring: the schema would describe every subclass with it.

    body_media_type = "application/json"
    read = staticmethod(reread(task_selectors.interested_party_notices_of))
    answer_class = InterestedPartyNoticeSerializer


class InterestedPartyNotifyView(InterestedPartyActView):
    body_class = InterestedPartyNotifySerializer
    act = staticmethod(task_services.interested_party_notify)
    target = "task_id"
    answer_status = 201


class InterestedPartyAnswerView(InterestedPartyActView):
    body_class = InterestedPartyAnswerSerializer
    act = staticmethod(task_services.interested_party_answer)
    target = "notice_id"
