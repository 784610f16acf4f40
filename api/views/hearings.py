"""``tasks/<id>/hearing-notice/``, ``applications/<id>/hearing-request/`` and
``tasks/<id>/hearing/``: the hearing of a review step (product.md §16 L16; Administrative
Licensing Law arts. 46–48): offered, asked for, held."""

from workflows import selectors as task_selectors
from workflows import services as task_services

from ..serializers.hearings import (
    HearingHoldJsonSerializer,
    HearingHoldSerializer,
    HearingOfferSerializer,
    HearingRequestSerializer,
    HearingSerializer,
)
from .base import ActView, ApplicationActView, UploadActView, reread


class HearingOfferView(ActView):
    body_class = HearingOfferSerializer
    body_media_type = "application/json"
    act = staticmethod(task_services.hearing_offer)
    target = "task_id"
    read = staticmethod(reread(task_selectors.hearings_of))
    answer_class = HearingSerializer
    answer_status = 201


class HearingRequestView(ApplicationActView):
    body_class = HearingRequestSerializer
    body_media_type = "application/json"
    act = staticmethod(task_services.hearing_request)
    read = staticmethod(reread(task_selectors.hearings_of))
    answer_class = HearingSerializer
    answer_status = 201


class HearingHoldView(UploadActView):
    body_class = HearingHoldSerializer
    json_body_class = HearingHoldJsonSerializer
    act = staticmethod(task_services.hearing_hold)
    target = "task_id"
    read = staticmethod(reread(task_selectors.hearings_of))
    answer_class = HearingSerializer
    answer_status = 201
