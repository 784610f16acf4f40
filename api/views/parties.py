"""``tasks/<id>/interested-party-notice/`` and ``interested-party-notices/<id>/answer/``: the
利害关系人告知书 of an occupation's district step (product.md §16 L14; Administrative Licensing
Law art. 36), the day it was served and the holder's answer, which its approval waits for;
``tasks/<id>/compensation-agreement/``: a reviewer confirms an agreement names a holder."""

from workflows import selectors as task_selectors
from workflows import services as task_services

from ..serializers.parties import (
    CompensationConfirmationSerializer,
    CompensationConfirmSerializer,
    InterestedPartyAnswerSerializer,
    InterestedPartyNoticeSerializer,
    InterestedPartyNotifySerializer,
    InterestedPartyServedSerializer,
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


class InterestedPartyServedView(InterestedPartyActView):
    body_class = InterestedPartyServedSerializer
    act = staticmethod(task_services.interested_party_served)
    target = "notice_id"


class CompensationConfirmView(ActView):
    body_class = CompensationConfirmSerializer
    body_media_type = "application/json"
    act = staticmethod(task_services.compensation_agreement_confirm)
    target = "task_id"
    read = staticmethod(reread(task_selectors.compensation_confirmations_of))
    answer_class = CompensationConfirmationSerializer
    answer_status = 201
