"""The authority by area and the restoration fee of an occupation (product.md §16 L6, L7): the
forwarding to the national authority and its decision, and the fee demanded and paid, as the
application's record lists them and as their actions take them."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from workflows.models import Forwarding, NationalOutcome, RestorationFee

from .attachments import AttachmentSerializer
from .base import (
    AgencyRefSerializer,
    RefuseUnknownFieldsMixin,
    ServiceCheckedValue,
    uploads_field,
)

# ---- the representations ------------------------------------------------------------------------


class DocumentRefSerializer(serializers.Serializer[Any]):
    number = serializers.CharField()
    check_code = serializers.CharField()


class FeeSerializer(serializers.ModelSerializer[RestorationFee]):
    """The forest vegetation restoration fee: what the 缴费通知书 demanded (``amount``, null when
    no rate applied and the agency set it) and the payment recorded."""

    amount = serializers.DecimalField(
        source="amount_due",
        max_digits=16,
        decimal_places=2,
        coerce_to_string=False,
        allow_null=True,
        help_text=_("The amount the fee notice demanded, in yuan."),
    )
    amount_paid = serializers.DecimalField(
        max_digits=16, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    area_ha = serializers.DecimalField(
        max_digits=12, decimal_places=4, coerce_to_string=False, allow_null=True
    )
    yuan_per_m2 = serializers.DecimalField(
        max_digits=8, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    factor = serializers.DecimalField(max_digits=4, decimal_places=2, coerce_to_string=False)
    agency = AgencyRefSerializer()
    notice = DocumentRefSerializer(allow_null=True)
    determination = DocumentRefSerializer(
        allow_null=True, help_text=_("The determination notice (核定), when the notice left none.")
    )
    attachments = AttachmentSerializer(many=True, help_text=_("The receipt (kind fee_receipt)."))

    class Meta:
        model = RestorationFee
        fields = (
            "amount",
            "status",
            "paid_on",
            "receipt_number",
            "amount_paid",
            "reason",
            "demanded_on",
            "area_ha",
            "land_category",
            "yuan_per_m2",
            "factor",
            "rate_source",
            "agency",
            "notice",
            "determination",
            "determination_reason",
            "determined_at",
            "attachments",
        )
        read_only_fields = fields


class NationalDecisionSerializer(serializers.ModelSerializer[Forwarding]):
    """The forwarding to the national forestry authority (the first-instance opinion and its
    letter) and, once recorded, the national decision with its document."""

    agency = AgencyRefSerializer()
    letter = DocumentRefSerializer(allow_null=True)
    number = serializers.CharField(source="national_number")
    attachments = AttachmentSerializer(
        many=True, help_text=_("The national decision's document (kind national_decision).")
    )

    class Meta:
        model = Forwarding
        fields = (
            "agency",
            "forwarded_on",
            "opinion",
            "letter",
            "number",
            "decided_on",
            "outcome",
            "attachments",
        )
        read_only_fields = fields


# ---- the actions' bodies ------------------------------------------------------------------------


@extend_schema_field(
    {
        "type": "number",
        "minimum": 0,
        "exclusiveMinimum": True,
        "description": _("The amount paid in yuan (at most two decimals; its text is read too)."),
    }
)
class AmountField(ServiceCheckedValue):
    """A number of yuan, or its decimal text (checked by the service)."""


@extend_schema_field(serializers.DateField())
class DayField(ServiceCheckedValue):
    """A day, YYYY-MM-DD (checked by the service)."""


@extend_schema_field(serializers.CharField())
class TextValueField(ServiceCheckedValue):
    """A text (checked by the service)."""


@extend_schema_field(serializers.ChoiceField(choices=NationalOutcome.choices))
class OutcomeField(ServiceCheckedValue):
    """approved or refused (checked by the service)."""


class FeeRecordSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """Recording the payment of the restoration fee (JSON, or multipart with the receipt)."""

    amount = AmountField()
    paid_on = DayField()
    receipt_number = TextValueField()
    reason = TextValueField(
        required=False,
        default="",
        help_text=_("Required when the amount is not the one the fee notice demanded."),
    )
    files = uploads_field(_("Multipart only: the document(s)."))


class FeeDeterminationSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """The deciding agency's written determination (核定) of a fee its notice left 待核定."""

    amount = AmountField(help_text=_("The amount determined in yuan."))
    reason = TextValueField(help_text=_("Its computation, or what it rests on (required)."))
    correction = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("True to correct a determination already made (its reason then says why)."),
    )


class FeeRecordJsonSerializer(FeeRecordSerializer):
    files = None  # type: ignore[assignment]


class NationalDecisionRecordSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """Recording the national authority's decision: multipart with its document (PDF)."""

    number = TextValueField()
    decided_on = DayField()
    outcome = OutcomeField()
    files = uploads_field(_("The national decision's document (required)."))
