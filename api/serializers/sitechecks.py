"""``tasks/<id>/site-check/``: the site checks (现场查验) of an occupation's district step
(product.md §16 L12; Administrative Licensing Law art. 34 para. 3), as the action answers them
and as the application's record lists them."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from workflows.models import SiteCheck

from .attachments import AttachmentSerializer
from .base import (
    AgencyRefSerializer,
    RefuseUnknownFieldsMixin,
    RepeatedInFormsMixin,
    ServiceCheckedValue,
    UserRefSerializer,
    uploads_field,
)

# ---- the representation ------------------------------------------------------------------------


class InspectorSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    name = serializers.CharField(help_text=_("The inspector's name."))


class SiteCheckSerializer(serializers.ModelSerializer[SiteCheck]):
    """A site check (现场查验) of an occupation by the district agency: when, by whom (two or
    more of its staff), what they found, the area they measured, with its record and photos."""

    agency = AgencyRefSerializer()
    inspectors = serializers.SerializerMethodField()
    measured_area_ha = serializers.DecimalField(
        max_digits=12,
        decimal_places=4,
        coerce_to_string=False,
        help_text=_("The area measured on the site, in hectares."),
    )
    attachments = AttachmentSerializer(
        many=True, help_text=_("The check's record and photos (kind site_check).")
    )
    recorded_by = UserRefSerializer()

    class Meta:
        model = SiteCheck
        fields = (
            "id",
            "checked_on",
            "agency",
            "inspectors",
            "findings",
            "measured_area_ha",
            "attachments",
            "recorded_by",
            "recorded_at",
        )
        read_only_fields = fields

    @extend_schema_field(InspectorSerializer(many=True))
    def get_inspectors(self, check: SiteCheck) -> list[dict[str, str]]:
        """In the order they were named, with their names as they were on the day."""
        return [
            {"username": str(p.get("username", "")), "name": str(p.get("name", ""))}
            for p in check.inspector_names
        ]


# ---- the action's body -------------------------------------------------------------------------


@extend_schema_field(
    serializers.DateField(help_text=_("The day of the check, not later than today."))
)
class CheckedOnField(ServiceCheckedValue):
    """A day, YYYY-MM-DD (read and checked by the service)."""


@extend_schema_field(
    {
        "type": "array",
        "items": {"type": "string", "minLength": 1, "pattern": r"\S"},
        "minItems": 2,
        "uniqueItems": True,
        "description": _(
            "The user names of two or more different staff of the task's agency who checked "
            "the site (in multipart: the field repeated)."
        ),
    }
)
class InspectorsField(RepeatedInFormsMixin, ServiceCheckedValue):
    """User names (checked by the service); in a form, the repeated field's values."""


@extend_schema_field(serializers.CharField(help_text=_("What the check found.")))
class FindingsField(ServiceCheckedValue):
    """A text (checked by the service: required, at most 4,000 characters)."""


@extend_schema_field(
    {
        "type": "number",
        "minimum": 0,
        "exclusiveMinimum": True,
        "maximum": 100000,
        "description": _(
            "The area measured on the site, in hectares (greater than 0, at most 100,000; "
            "its decimal text is read too, as in multipart)."
        ),
    }
)
class MeasuredAreaField(ServiceCheckedValue):
    """A number of hectares, or its decimal text (checked by the service)."""


class SiteCheckRecordSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """Recording a site check (JSON, or multipart with ``files``): the service checks every
    value, all at once, and each file (413, 415)."""

    checked_on = CheckedOnField()
    inspectors = InspectorsField()
    findings = FindingsField()
    measured_area_ha = MeasuredAreaField()
    files = uploads_field(_("Multipart only: the check's record and photos."))


class SiteCheckRecordJsonSerializer(SiteCheckRecordSerializer):
    """Recording a site check as JSON: files go only in multipart (the schema's shape)."""

    files = None  # type: ignore[assignment]
