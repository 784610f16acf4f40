"""``applications/<id>/national-decision/`` and ``applications/<id>/fee/``: what the deciding
agency records after its review of an occupation (product.md §16 L6, L7): the national
authority's decision on what it forwarded, and the restoration fee paid."""

from workflows import services as task_services

from ..parsers import FormParser, JSONParser, MultiPartParser
from ..serializers.fees import (
    FeeDeterminationSerializer,
    FeeRecordJsonSerializer,
    FeeRecordSerializer,
    NationalDecisionRecordSerializer,
)
from .base import UPLOAD_CODES, ApplicationAnswerMixin, UploadActView


class NationalDecisionView(ApplicationAnswerMixin):
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    body_class = NationalDecisionRecordSerializer
    body_media_type = "multipart/form-data"
    act = staticmethod(task_services.national_decision_record)
    target = "application_id"
    codes = UPLOAD_CODES


class FeeView(UploadActView, ApplicationAnswerMixin):
    body_class = FeeRecordSerializer
    json_body_class = FeeRecordJsonSerializer
    act = staticmethod(task_services.fee_record)
    target = "application_id"


class FeeDeterminationView(ApplicationAnswerMixin):
    parser_classes = [JSONParser, FormParser]
    body_class = FeeDeterminationSerializer
    act = staticmethod(task_services.fee_determine)
    target = "application_id"
