"""``tasks/<id>/site-check/``: the site check (现场查验) of an occupation's district step
(product.md §16 L12; Administrative Licensing Law art. 34 para. 3), which its approval needs."""

from workflows import selectors as task_selectors
from workflows import services as task_services
from workflows.models import SiteCheck

from ..serializers.sitechecks import (
    SiteCheckRecordJsonSerializer,
    SiteCheckRecordSerializer,
    SiteCheckSerializer,
)
from .base import UPLOAD_CODES, UPLOAD_PARSERS, ActView


def _stored(check: SiteCheck) -> SiteCheck:
    """Read again as the record reads it."""
    return task_selectors.site_checks_of(check.application).get(pk=check.pk)


class SiteCheckView(ActView):
    parser_classes = UPLOAD_PARSERS
    body_class = SiteCheckRecordSerializer
    json_body_class = SiteCheckRecordJsonSerializer
    act = staticmethod(task_services.site_check_record)
    target = "task_id"
    read = staticmethod(_stored)
    answer_class = SiteCheckSerializer
    answer_status = 201
    codes = UPLOAD_CODES
