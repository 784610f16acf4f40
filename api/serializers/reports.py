"""Reports from the public (product.md §19 P2; public.reports): the anonymous report and its
status by tracking code, and the handling agencies' list, record and acts."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from enforcement.models import CaseOutcome
from public.models import Report, ReportKind, ReportOutcome, ReportStatus
from public.reports import report_cases

from .base import (
    AgencyRefSerializer,
    PhotosField,
    RefuseUnknownFieldsMixin,
    RepeatedInFormsMixin,
    ServiceCheckedValue,
)

# ---- the public's side -------------------------------------------------------------------------


@extend_schema_field(serializers.ChoiceField(choices=ReportKind.choices))
class ReportKindField(ServiceCheckedValue):
    """One of the report kinds (checked by the service)."""


@extend_schema_field(
    serializers.CharField(
        help_text=_("What was seen: where, when, what (at most 2000 characters).")
    )
)
class DescriptionField(ServiceCheckedValue):
    """A text (checked by the service)."""


@extend_schema_field(
    {
        "type": "object",
        "description": _(
            "A GeoJSON Point, Polygon or MultiPolygon in WGS 84 longitude and latitude, in "
            "Beijing or Tianjin (in multipart: its JSON text)."
        ),
    }
)
class ReportSiteField(ServiceCheckedValue):
    """A GeoJSON geometry or its text (checked by the service)."""


@extend_schema_field(
    serializers.CharField(
        required=False,
        help_text=_(
            "The district's six-digit code; without it, the district whose sub-compartments "
            "the place lies on."
        ),
    )
)
class ReportDistrictField(ServiceCheckedValue):
    """A district code (checked by the service)."""


@extend_schema_field(
    serializers.CharField(
        required=False,
        help_text=_(
            "How to reach the reporter, if they wish (at most 100 characters): read by the "
            "handling agencies only."
        ),
    )
)
class ContactField(ServiceCheckedValue):
    """A text (checked by the service)."""


class PublicReportFileSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """A report from anyone (JSON, or multipart with ``photos``): the service checks every
    value at once."""

    kind = ReportKindField()
    description = DescriptionField()
    site_geometry = ReportSiteField()
    district = ReportDistrictField(required=False)
    contact = ContactField(required=False)
    photos = PhotosField()


class PublicReportFileJsonSerializer(PublicReportFileSerializer):
    photos = None  # type: ignore[assignment]


class TrackingCodeSerializer(serializers.Serializer[Any]):
    tracking_code = serializers.CharField(
        help_text=_("Keep it: the report's status and outcome are read with it, and only with it.")
    )


class PublicReportCaseSerializer(serializers.Serializer[dict[str, Any]]):
    """The enforcement case the report opened, as its reporter may know it: never the party."""

    number = serializers.CharField()
    outcome = serializers.ChoiceField(
        choices=CaseOutcome.choices,
        allow_null=True,
        help_text=_("The decision: a penalty, or none; null while the case is investigated."),
    )
    closed = serializers.BooleanField()
    decided_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)


class PublicReportStatusSerializer(serializers.Serializer[dict[str, Any]]):
    """api.md's public report status: nothing of the report's text, place or people."""

    tracking_code = serializers.CharField()
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    outcome = serializers.ChoiceField(choices=ReportOutcome.choices, allow_null=True)
    updated = serializers.DateTimeField()
    photos_rejected = serializers.IntegerField(
        help_text=_("Photos refused after the filing: they did not decode as images.")
    )
    case = PublicReportCaseSerializer(
        allow_null=True,
        help_text=_("The enforcement case the report opened (no permit, referred), else null."),
    )


# ---- the handling agencies' side ---------------------------------------------------------------


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A choice the model keeps as "" until made (``blank=True``): answered as null, as the
    schema says (a value or null), never as ""."""

    def to_representation(self, value: Any) -> Any:
        return None if value in ("", None) else super().to_representation(value)


class ReportListItemSerializer(serializers.ModelSerializer[Report]):
    """api.md's official report list item, with the day it is due."""

    district = serializers.CharField(source="district_id")
    created = serializers.DateTimeField(source="received_at")

    class Meta:
        model = Report
        fields: tuple[str, ...] = (
            "id",
            "tracking_code",
            "kind",
            "status",
            "district",
            "created",
            "due_on",
        )
        read_only_fields: tuple[str, ...] = fields


class ReportPhotoSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    rejected = serializers.BooleanField(
        help_text=_("Refused after the filing: it did not decode as an image (no file, no url).")
    )
    url = serializers.SerializerMethodField()

    def get_url(self, photo: Any) -> str | None:
        if photo.rejected:
            return None
        return f"/api/v1/reports/{photo.report_id}/photos/{photo.pk}/"


class ReportCaseSerializer(serializers.Serializer[Any]):
    """The enforcement case the closing opened (``/api/v1/cases/{id}/``), and whether the
    matter was referred to the police."""

    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    referred_to_police = serializers.BooleanField()
    opened_at = serializers.DateTimeField()


class ReportSerializer(ReportListItemSerializer):
    """A report as its handling agencies read it: the reporter's contact included (nobody else
    reads it)."""

    agency = AgencyRefSerializer()
    also_agency = AgencyRefSerializer(allow_null=True)
    photos = ReportPhotoSerializer(many=True)
    inspectors = serializers.JSONField(source="inspector_names")
    application = serializers.CharField(source="application.reference", allow_null=True)
    rectification = serializers.IntegerField(source="rectification_id", allow_null=True)
    case = serializers.SerializerMethodField()
    outcome = BlankAsNullChoiceField(choices=ReportOutcome.choices, allow_null=True)

    class Meta(ReportListItemSerializer.Meta):
        fields = (
            *ReportListItemSerializer.Meta.fields,
            "description",
            "site_geometry",
            "agency",
            "also_agency",
            "contact",
            "contact_erased_at",
            "screening",
            "photos",
            "checked_on",
            "inspectors",
            "site_findings",
            "outcome",
            "findings",
            "application",
            "rectification",
            "case",
            "closed_at",
            "updated_at",
        )
        read_only_fields = fields

    @extend_schema_field(ReportCaseSerializer(allow_null=True))
    def get_case(self, report: Report) -> dict[str, Any] | None:
        case = report_cases(report.pk).first()
        if case is None:
            return None
        return dict(
            ReportCaseSerializer(
                {
                    "id": case.pk,
                    "number": case.number,
                    "status": case.status,
                    "referred_to_police": case.to_refer,
                    "opened_at": case.opened_at,
                }
            ).data
        )


class ReportListQuerySerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(
        choices=ReportStatus.choices, required=False, allow_blank=True, default=""
    )
    contact = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=100,
        help_text=_(
            "The reports whose reporter gave this contact (spaces and dashes aside), as a whole: "
            "contacts are stored encrypted and found by a keyed hash, never by a part."
        ),
    )


@extend_schema_field(
    {
        "type": "array",
        "items": {"type": "string"},
        "minItems": 2,
        "description": _("The user names of two or more of the agency's staff who went."),
    }
)
class ReportInspectorsField(RepeatedInFormsMixin, ServiceCheckedValue):
    """User names (checked by the service)."""


@extend_schema_field(serializers.CharField())
class ReportTextField(ServiceCheckedValue):
    """A text (checked by the service: required, at most 4000 characters)."""


@extend_schema_field(serializers.DateField())
class ReportDayField(ServiceCheckedValue):
    """A day, YYYY-MM-DD (checked by the service)."""


class ReportSiteCheckSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    checked_on = ReportDayField()
    inspectors = ReportInspectorsField()
    findings = ReportTextField()


@extend_schema_field(serializers.ChoiceField(choices=ReportOutcome.choices))
class ReportOutcomeField(ServiceCheckedValue):
    """One of the outcomes (checked by the service)."""


@extend_schema_field(
    serializers.CharField(
        required=False,
        help_text=_("With permit_breach only: the permit's id or reference."),
    )
)
class ReportPermitField(ServiceCheckedValue):
    """An application id or reference (checked by the service)."""


@extend_schema_field(
    serializers.CharField(
        required=False,
        help_text=_(
            "With permit_breach only: what the holder must correct, printed on the rectification "
            "notice (the findings stay the agency's)."
        ),
    )
)
class ReportOrderField(ServiceCheckedValue):
    """A text (checked by the service)."""


class ReportCloseSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    outcome = ReportOutcomeField()
    findings = ReportTextField()
    application = ReportPermitField(required=False)
    order = ReportOrderField(required=False)


@extend_schema_field(serializers.CharField(help_text=_("The six-digit code of the district.")))
class ReportTransferDistrictField(ServiceCheckedValue):
    """A district code (checked by the service)."""


class ReportTransferSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    district = ReportTransferDistrictField()
    reason = ReportTextField()
