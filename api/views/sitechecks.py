"""``tasks/<id>/site-check/``: the site check (现场查验) of an occupation's district step
(product.md §16 L12; Administrative Licensing Law art. 34 para. 3), which its approval needs."""

from workflows import selectors as task_selectors
from workflows import services as task_services

from ..serializers.sitechecks import (
    SiteCheckRecordJsonSerializer,
    SiteCheckRecordSerializer,
    SiteCheckSerializer,
)
from .base import UploadActView, reread


class SiteCheckView(UploadActView):
    body_class = SiteCheckRecordSerializer
    json_body_class = SiteCheckRecordJsonSerializer
    act = staticmethod(task_services.site_check_record)
    target = "task_id"
    read = staticmethod(reread(task_selectors.site_checks_of))
    answer_class = SiteCheckSerializer
    answer_status = 201
