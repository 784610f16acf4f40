"""``tasks/<id>/special-procedure/`` and ``special-procedures/<id>/end/``: a hearing, test,
appraisal, expert review or tender (Administrative Licensing Law art. 45) started on a review
task, which pauses the decision period, and its end with the result, which lets it run again."""

from workflows import services as task_services

from ..serializers.procedures import (
    SpecialProcedureEndJsonSerializer,
    SpecialProcedureEndSerializer,
    SpecialProcedureSerializer,
    SpecialProcedureStartSerializer,
)
from .base import ActView, UploadActView


class SpecialProcedureStartView(ActView):
    body_class = SpecialProcedureStartSerializer
    body_media_type = "application/json"
    act = staticmethod(task_services.special_procedure_start)
    target = "task_id"
    answer_class = SpecialProcedureSerializer


class SpecialProcedureEndView(UploadActView):
    body_class = SpecialProcedureEndSerializer
    json_body_class = SpecialProcedureEndJsonSerializer
    act = staticmethod(task_services.special_procedure_end)
    target = "procedure_id"
    answer_class = SpecialProcedureSerializer
