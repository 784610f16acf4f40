"""``tasks/<id>/special-procedure/`` and ``special-procedures/<id>/end/``: the special
procedures of a review step (Administrative Licensing Law art. 45), as the actions answer them
and as the application's record lists them."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from permits.choices import Step
from workflows.models import (
    SPECIAL_PROCEDURE_MAX_WORKING_DAYS,
    SpecialProcedure,
    SpecialProcedureKind,
)

from .attachments import AttachmentSerializer
from .base import (
    AgencyRefSerializer,
    RefuseUnknownFieldsMixin,
    ServiceCheckedText,
    ServiceCheckedValue,
    uploads_field,
)
from .documents import DocumentSerializer


class SpecialProcedureSerializer(serializers.ModelSerializer[SpecialProcedure]):
    """A hearing, test, appraisal, expert review or tender recorded on a review step: the step's
    clock and the decision period pause while it runs (``ended_on`` null)."""

    kind = serializers.ChoiceField(choices=SpecialProcedureKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    step = serializers.ChoiceField(choices=Step.choices)
    agency = AgencyRefSerializer()
    result = serializers.SerializerMethodField()
    notice = DocumentSerializer(
        allow_null=True, help_text=_("The special procedure notice (特别程序期间告知书).")
    )
    attachments = AttachmentSerializer(
        many=True, help_text=_("The files recorded with the result.")
    )

    class Meta:
        model = SpecialProcedure
        fields = (
            "id",
            "kind",
            "kind_label",
            "step",
            "agency",
            "reason",
            "expected_working_days",
            "started_on",
            "ended_on",
            "result",
            "notice",
            "attachments",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True, help_text=_("Null while it runs.")))
    def get_result(self, procedure: SpecialProcedure) -> str | None:
        return None if procedure.is_open else procedure.result


@extend_schema_field(serializers.ChoiceField(choices=SpecialProcedureKind.choices))
class ProcedureKindField(ServiceCheckedValue):
    """One of the procedures of art. 45 (checked by the service)."""


@extend_schema_field(
    serializers.IntegerField(min_value=1, max_value=SPECIAL_PROCEDURE_MAX_WORKING_DAYS)
)
class ExpectedWorkingDaysField(ServiceCheckedValue):
    """A whole number of working days (checked by the service)."""


class SpecialProcedureStartSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """Starting a special procedure; the service checks every value, all at once."""

    kind = ProcedureKindField()
    # The service bounds the texts (4000 characters) in its own terms.
    reason = ServiceCheckedText(max_length=None)
    expected_working_days = ExpectedWorkingDaysField(
        help_text=_("The working days the procedure is expected to take (1 to 120).")
    )


class SpecialProcedureEndSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """Ending a special procedure with its result (JSON, or multipart with ``files``); the
    service checks the result and each file (413, 415)."""

    result = ServiceCheckedText(max_length=None)
    files = uploads_field(
        _("Multipart only: the files of the result (a report, minutes, an opinion).")
    )


class SpecialProcedureEndJsonSerializer(SpecialProcedureEndSerializer):
    """Ending a special procedure as JSON: files go only in multipart (the schema's shape)."""

    files = None  # type: ignore[assignment]
