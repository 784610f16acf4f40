"""The API's representations (api.md). Serializers check types and choices only; every rule
(completeness, dates, districts, policies) is the services' job, which answer with problems."""

import base64
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import (
    OpenApiSerializerExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.plumbing import get_doc
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from viewflow.workflow.models import Task

from audit.checkpoints import at_text
from audit.export import FORMS as CSV_FORMS
from audit.models import AuditEvent
from audit.trail import display_name
from documents.models import DocumentKind
from documents.selectors import application_document
from permits import access
from permits.choices import AttachmentKind, Decision, Kind, Step
from permits.facts import detail_field_names
from permits.geometry import validate_site_geometry
from permits.models import (
    APPLICATION_FIELDS,
    Application,
    Attachment,
    IntroductionApplication,
    OccupationRequest,
    ScheduledReport,
    TendingDesign,
)
from permits.screening import screening_record
from permits.selectors import SEARCH_MAX_LENGTH, reports_of
from permits.services import MSG_UNKNOWN_FIELD, application_warnings
from workflows import selectors as task_selectors
from workflows.models import Countersign
from workflows.selectors import APPLICATION_ACTIONS
from workflows.services import RETURN_ITEM_MESSAGE_MAX, node_step, task_agency
from zones.models import ZoneKind

# What the public verification answers (Certificate.status).
CERTIFICATE_STATUSES = ("valid", "revoked", "expired", "refused")


MSG_KIND_FIXED = _(
    "The kind of an application cannot be changed; create an application of the other kind."
)


class RefuseUnknownFieldsMixin(serializers.Serializer):
    """Input naming a field the serializer does not write is refused (400 ``unknown_field``),
    never silently dropped: a client that misspells a field, or sends another kind's field,
    learns it instead of believing it was saved."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            if unknown := sorted(str(key) for key in data if key not in writable):
                raise serializers.ValidationError(
                    {
                        name: [ErrorDetail(str(MSG_UNKNOWN_FIELD), code="unknown_field")]
                        for name in unknown
                    }
                )
        return super().to_internal_value(data)


class RefuseUnknownFieldsSchema(OpenApiSerializerExtension):
    """The schema says what the mixin does: a request body names no field beyond the ones it
    lists (``additionalProperties: false``), so that a body valid by the schema is not refused
    as ``unknown_field``."""

    target_class = RefuseUnknownFieldsMixin
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "request":
            schema["additionalProperties"] = False
        # A serializer without a docstring of its own would be described by the mixin's.
        if schema.get("description") == get_doc(RefuseUnknownFieldsMixin):
            del schema["description"]
        return schema


class NonEmptyFileSchema(OpenApiSerializerFieldExtension):
    """DRF refuses an empty file unless ``allow_empty_file``: the schema says so."""

    target_class = serializers.FileField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if not self.target.allow_empty_file:
            schema["minLength"] = 1
        return schema


class NotBlankTextSchema(OpenApiSerializerFieldExtension):
    """DRF strips a text and refuses it blank unless ``allow_blank``: so a text of blanks is
    refused as the empty one is, and the schema of what a request sends says so."""

    target_class = serializers.CharField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        field = self.target
        refuses_blanks = field.trim_whitespace and not field.allow_blank
        plain = schema.get("type") == "string" and not {"pattern", "format", "enum"} & set(schema)
        if direction == "request" and refuses_blanks and plain:
            schema["pattern"] = r"\S"
        return schema


class ServiceCheckedText(serializers.CharField):
    """A text the request must carry (required and not blank, as the schema says) that the
    service checks (a reason: ``permits.services.reason_required``; a reassignment's target)
    after whether the caller may see the object (404) and act on it (403): a missing or blank
    one passes here as ``""``, so that whoever may not act is told so, not that a text is
    missing."""

    def __init__(self, **kwargs):
        super().__init__(**{"max_length": 2000, **kwargs})

    def run_validation(self, data=serializers.empty):
        if data is serializers.empty or (isinstance(data, str) and not data.strip()):
            return ""
        return super().run_validation(data)


# ---- small shared shapes -------------------------------------------------------------------


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True)
    code = serializers.CharField()
    message = serializers.CharField()
    rule = serializers.CharField(allow_null=True)
    # DRF's metaclass moves declared fields off the class; only the stubs see a clash with
    # Field.source (and Serializer.errors below).
    source = serializers.CharField(allow_null=True)  # type: ignore[assignment]


class ErrorSerializer(serializers.Serializer):
    """Documents the error body of every endpoint (api.errors builds it)."""

    detail = serializers.CharField()
    errors = ErrorItemSerializer(many=True)  # type: ignore[assignment]  # see ErrorItemSerializer


class AgencyRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    jurisdiction = serializers.CharField(source="jurisdiction_id")
    district = serializers.CharField(source="district_id", allow_null=True)


class UserRefSerializer(serializers.Serializer):
    """A person as the record names them (decisions, filed reports)."""

    id = serializers.IntegerField()
    username = serializers.CharField(source="get_username")
    display_name = serializers.SerializerMethodField()

    def get_display_name(self, user) -> str:
        return display_name(user)


# ---- authentication ------------------------------------------------------------------------


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class MembershipSerializer(serializers.Serializer):
    agency = AgencyRefSerializer()
    role = serializers.CharField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField(source="get_username")
    display_name = serializers.SerializerMethodField()
    memberships = serializers.SerializerMethodField()
    organisation = serializers.SerializerMethodField()

    def get_display_name(self, user) -> str:
        return display_name(user)

    def _memberships(self, user) -> list:
        """All the user's memberships, read once for both fields."""
        if getattr(self, "_read_memberships", None) is None:
            self._read_memberships = list(
                user.memberships.select_related("agency", "organisation").order_by("pk")
            )
        return self._read_memberships

    @extend_schema_field(MembershipSerializer(many=True))
    def get_memberships(self, user):
        memberships = [m for m in self._memberships(user) if m.agency_id is not None]
        return MembershipSerializer(memberships, many=True).data

    @extend_schema_field(OrganisationRefSerializer(allow_null=True))
    def get_organisation(self, user):
        organisation = access.applicant_organisation(user, self._memberships(user))
        return OrganisationRefSerializer(organisation).data if organisation else None


# ---- applications --------------------------------------------------------------------------


class WarningSerializer(serializers.Serializer):
    """An advisory rule finding (policies.Finding)."""

    rule = serializers.CharField()
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # see ErrorItemSerializer


class CertificateRefSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=CERTIFICATE_STATUSES)
    url = serializers.SerializerMethodField()
    code = serializers.CharField(
        source="check_code", help_text=_("The check code (校验码) printed on the document.")
    )

    def get_url(self, certificate) -> str:
        path = reverse("api:application-certificate-pdf", args=[certificate.application_id])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class DocumentSerializer(serializers.Serializer):
    """One document of an application (api.md ``documents``): a notice or a decision."""

    kind = serializers.ChoiceField(source="document_kind", choices=DocumentKind.choices)
    number = serializers.CharField()
    code = serializers.CharField(
        source="check_code", help_text=_("The check code (校验码) printed on the document.")
    )
    issued_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_url(self, certificate) -> str:
        path = reverse(
            "api:application-document-pdf", args=[certificate.application_id, certificate.pk]
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ReturnItemSerializer(serializers.Serializer):
    """One thing a return asks to correct; ``null`` where the item names no field or kind."""

    field = serializers.SerializerMethodField()
    attachment_kind = serializers.SerializerMethodField()
    message = serializers.CharField()

    def get_field(self, item) -> str | None:
        return item.field or None

    def get_attachment_kind(self, item) -> str | None:
        return item.attachment_kind or None


class OpenReturnItemSerializer(ReturnItemSerializer):
    """An item of the open return, and whether the applicant has left it untouched so far
    (``workflows.selectors.return_items_untouched``: its field as returned, no file of its
    kind added or removed)."""

    untouched = serializers.SerializerMethodField()

    def get_untouched(self, item) -> bool:
        return item.pk in self.context.get("untouched", ())


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class FileRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)
    name = serializers.CharField()
    sha256 = serializers.CharField()


class AttachmentChangesSerializer(serializers.Serializer):
    added = FileRefSerializer(many=True)
    removed = FileRefSerializer(many=True)


class ReturnItemAnswerSerializer(ReturnItemSerializer):
    changed = serializers.BooleanField(
        allow_null=True, help_text=_("Whether what the item names changed; null: it names nothing.")
    )


class ChangesSinceReturnSerializer(serializers.Serializer):
    """What the resubmission changed against the version returned (officials only)."""

    note = serializers.CharField(help_text=_("The applicant's correction note (补正说明)."))
    resubmitted_at = serializers.DateTimeField()
    attachments = AttachmentChangesSerializer()
    items = ReturnItemAnswerSerializer(many=True)

    def get_fields(self):
        # A field named "fields" cannot be declared: the attribute is the serializer's own.
        return {**super().get_fields(), "fields": FieldChangeSerializer(many=True)}

    def to_representation(self, resubmission):
        changes = task_selectors.resubmission_changes(resubmission)
        items = []
        for item, changed in changes["items"]:
            item.changed = changed
            items.append(item)
        return super().to_representation(
            {
                "note": resubmission.note,
                "resubmitted_at": resubmission.submitted_at,
                "fields": changes["fields"],
                "attachments": changes["attachments"],
                "items": items,
            }
        )


class CountersignSerializer(serializers.ModelSerializer):
    """A consulted agency's opinion (会签意见)."""

    agency = AgencyRefSerializer()
    decided_by = UserRefSerializer()

    class Meta:
        model = Countersign
        fields = ("agency", "decision", "opinion", "decided_by", "decided_at")
        read_only_fields = fields


class ReportAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ("id", "name", "sha256")
        read_only_fields = fields


class ReportSerializer(serializers.ModelSerializer):
    """A report the permit holder owes after approval, filed or not."""

    filed_by = UserRefSerializer(allow_null=True)
    attachment = ReportAttachmentSerializer(allow_null=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ScheduledReport
        fields: tuple[str, ...] = (
            "id",
            "kind",
            "sequence",
            "due_date",
            "filed_at",
            "filed_by",
            "text",
            "attachment",
            "overdue",
        )
        read_only_fields = fields

    def get_overdue(self, report) -> bool:
        return report.is_overdue(timezone.localdate())


class ReportFileSerializer(RefuseUnknownFieldsMixin, serializers.Serializer):
    """Filing a report (JSON, or multipart with a ``file``); the service checks the rest."""

    report = serializers.IntegerField(help_text=_("The id of the scheduled report."))
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    file = serializers.FileField(required=False, allow_null=True, max_length=None, use_url=False)


class ReportFileJsonSerializer(ReportFileSerializer):
    """Filing a report as JSON: a file goes only in multipart (the schema's shape only)."""

    file = None  # type: ignore[assignment]


class ApplicationSummarySerializer(serializers.ModelSerializer):
    """One line of a list: the application list and the application of a task."""

    district = serializers.CharField(source="district_id")
    jurisdiction = serializers.CharField(source="jurisdiction_id")

    class Meta:
        model = Application
        fields = (
            "id",
            "reference",
            "kind",
            "title",
            "district",
            "jurisdiction",
            "status",
            "created",
            "submitted_at",
            "decided_at",
        )
        read_only_fields = fields


def _nullable_blank(model_field) -> bool:
    """Text fields that may be empty in a draft: the API also accepts null for them."""
    return model_field.blank and not model_field.null


class OverdueReportSerializer(ReportSerializer):
    """An unfiled report past its due date, with the application that owes it."""

    application = ApplicationSummarySerializer()

    class Meta(ReportSerializer.Meta):
        fields = (*ReportSerializer.Meta.fields, "application")
        read_only_fields = fields


class DeadlineSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=Step.choices)
    limit_working_days = serializers.IntegerField()
    extended_working_days = serializers.IntegerField()
    started_on = serializers.DateField()
    due_date = serializers.DateField(allow_null=True)
    working_days_left = serializers.IntegerField()
    paused = serializers.BooleanField()
    overdue = serializers.BooleanField()


class ScreeningZoneSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=ZoneKind.choices)
    overlap_ha = serializers.FloatField()
    # Not Field.source: see ErrorItemSerializer.
    source = serializers.CharField()  # type: ignore[assignment]


class ScreeningOverlapSerializer(serializers.Serializer):
    """null reference and status: an application in review of another organisation, which
    the reader may not see (only that the land is under review, and how much)."""

    reference = serializers.CharField(allow_null=True)
    status = serializers.CharField(allow_null=True)
    overlap_ha = serializers.FloatField()


class ScreeningSerializer(serializers.Serializer):
    site_area_ha = serializers.FloatField()
    effective_protection_class = serializers.CharField()
    from_registry = serializers.BooleanField()
    zones = ScreeningZoneSerializer(many=True)
    overlaps = ScreeningOverlapSerializer(many=True)
    layer_versions = serializers.ListField(child=serializers.DictField())


class ApplicationSerializer(RefuseUnknownFieldsMixin, serializers.ModelSerializer):
    """The full record of one application. Each kind subclasses it with its model, and its
    fields are the model's own (``detail_field_names``), never a hand-written list.

    Writable fields use the API names (``jurisdiction``, ``district`` as codes);
    ``service_data()`` hands them to the services under the model's names.
    """

    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(
        choices=Kind.choices, help_text=_("Chosen at creation; it cannot be changed.")
    )
    organisation = OrganisationRefSerializer(read_only=True)
    warnings = serializers.SerializerMethodField()
    certificate = serializers.SerializerMethodField()
    countersigns = serializers.SerializerMethodField()
    reports = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    return_items = serializers.SerializerMethodField()
    changes_since_return = serializers.SerializerMethodField()
    deadline = serializers.SerializerMethodField()
    screening = serializers.SerializerMethodField()
    site_geometry = serializers.JSONField(
        required=False, allow_null=True, validators=[validate_site_geometry]
    )

    COMMON_FIELDS = (
        "id",
        "kind",
        "reference",
        "status",
        *APPLICATION_FIELDS,
        "organisation",
        "created",
        "updated",
        "submitted_at",
        "decided_at",
        "valid_until",
        "warnings",
        "certificate",
        "countersigns",
        "reports",
        "actions",
        "return_items",
        "changes_since_return",
        "deadline",
        "screening",
    )

    class Meta:
        model = Application
        read_only_fields = (
            "reference",
            "status",
            "created",
            "updated",
            "submitted_at",
            "decided_at",
            "valid_until",
        )

    def validate_kind(self, value):
        """Given again on an update, the kind must be the application's own: it never changes."""
        if self.instance is not None and value != self.instance.kind:
            raise serializers.ValidationError(MSG_KIND_FIXED, code="immutable")
        return value

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if _nullable_blank(model_field) and not kwargs.get("read_only"):
            kwargs["allow_null"] = True
        if isinstance(model_field, models.DecimalField):
            kwargs["coerce_to_string"] = False
        return field_class, kwargs

    @extend_schema_field(WarningSerializer(many=True))
    def get_warnings(self, application):
        return WarningSerializer(application_warnings(application), many=True).data

    @extend_schema_field(CertificateRefSerializer(allow_null=True))
    def get_certificate(self, application):
        """The decision document: the approval, or the refusal of a rejected application."""
        certificate = application_document(application)
        if certificate is None:
            return None
        return CertificateRefSerializer(certificate, context=self.context).data

    @extend_schema_field(CountersignSerializer(many=True))
    def get_countersigns(self, application):
        """The consulted agencies' opinions of the current review pass (officials only); without
        a reader in the context there is nobody to show them to: none (fail closed)."""
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None:
            return []
        return CountersignSerializer(
            task_selectors.countersigns_visible(user, application), many=True
        ).data

    @extend_schema_field(OpenReturnItemSerializer(many=True))
    def get_return_items(self, application):
        """What the open return asks to correct (一次性告知); [] when not returned."""
        returned = task_selectors.open_return(application)
        if returned is None:
            return []
        untouched = {item.pk for item in task_selectors.return_items_untouched(application)}
        return OpenReturnItemSerializer(
            returned.return_items.all(), many=True, context={"untouched": untouched}
        ).data

    @extend_schema_field(DeadlineSerializer(allow_null=True))
    def get_deadline(self, application):
        """The statutory clock of the current step (product.md §11); null without a running or
        paused step (a draft, a decision made)."""
        deadline = task_selectors.application_deadline(application)
        return DeadlineSerializer(deadline.as_dict()).data if deadline else None

    @extend_schema_field(ScreeningSerializer(allow_null=True))
    def get_screening(self, application):
        """Where the site really is (product.md §15), its overlaps as the requesting user may be
        told of them (``overlaps_shown_to``: without a request, as the holder); null while
        there is no site."""
        request = self.context.get("request")
        record = screening_record(application, shown_to=getattr(request, "user", None))
        return ScreeningSerializer(record).data if record else None

    @extend_schema_field(ChangesSinceReturnSerializer(allow_null=True))
    def get_changes_since_return(self, application):
        """For officials of the agencies that see it, while it is under review after answering
        a return: the diff against the version returned; null otherwise (fail closed)."""
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None:
            return None
        resubmission = task_selectors.resubmission_visible(user=user, application=application)
        return ChangesSinceReturnSerializer(resubmission).data if resubmission else None

    @extend_schema_field(ReportSerializer(many=True))
    def get_reports(self, application):
        """The reports owed after approval (none before)."""
        reports = reports_of(application).select_related("filed_by", "attachment")
        return ReportSerializer(reports, many=True).data

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=APPLICATION_ACTIONS))
    )
    def get_actions(self, application) -> list[str]:
        """What the caller may do now (``workflows.selectors.application_actions``), the same
        actions the web page offers."""
        request = self.context.get("request")
        if request is None:
            return []
        return task_selectors.application_actions(user=request.user, application=application)

    def service_data(self) -> dict:
        """The validated values under the model's field names, as the services take them:
        foreign keys as the rows the validation read (the service does not read them again),
        null text as its empty default."""
        data = {}
        for name, value in self.validated_data.items():
            if name == "kind":
                continue  # chosen by the caller of the service, never changed afterwards
            model_field = self.Meta.model._meta.get_field(name)
            if model_field.is_relation:
                data[model_field.name] = value
            elif value is None and not model_field.null:
                data[name] = model_field.get_default()
            else:
                data[name] = value
        return data


def _own_fields(model) -> tuple[str, ...]:
    return tuple(detail_field_names(model()))


class TendingDesignSerializer(ApplicationSerializer):
    compartments = serializers.ListField(
        child=serializers.CharField(max_length=20), required=False, allow_null=True
    )

    class Meta(ApplicationSerializer.Meta):
        model = TendingDesign
        fields = (*ApplicationSerializer.COMMON_FIELDS, *_own_fields(TendingDesign))


class OccupationRequestSerializer(ApplicationSerializer):
    class Meta(ApplicationSerializer.Meta):
        model = OccupationRequest
        fields = (*ApplicationSerializer.COMMON_FIELDS, *_own_fields(OccupationRequest))


class IntroductionApplicationSerializer(ApplicationSerializer):
    class Meta(ApplicationSerializer.Meta):
        model = IntroductionApplication
        fields = (*ApplicationSerializer.COMMON_FIELDS, *_own_fields(IntroductionApplication))


# One per kind (permits.models.DETAIL_MODEL).
APPLICATION_SERIALIZERS = {
    Kind.TENDING: TendingDesignSerializer,
    Kind.OCCUPATION: OccupationRequestSerializer,
    Kind.INTRODUCTION: IntroductionApplicationSerializer,
}


def application_schema(**kwargs) -> PolymorphicProxySerializer:
    """For the OpenAPI schema: one shape per kind, told apart by ``kind``."""
    return PolymorphicProxySerializer(
        component_name="Application",
        serializers={kind.value: cls for kind, cls in APPLICATION_SERIALIZERS.items()},
        resource_type_field_name="kind",
        **kwargs,
    )


APPLICATION_SCHEMA = application_schema()


def application_serializer_for(kind: str) -> type[ApplicationSerializer]:
    return APPLICATION_SERIALIZERS[Kind(kind)]


class KindSerializer(serializers.Serializer):
    """Read first when creating: it selects the serializer of the type's fields."""

    kind = serializers.ChoiceField(choices=Kind.choices)


class StrictCharField(serializers.CharField):
    """Text only: DRF's CharField would turn a number into its digits."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class SubmitSerializer(RefuseUnknownFieldsMixin, serializers.Serializer):
    note = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text=_("Answering a return: what was corrected (补正说明)."),
    )


class ReasonSerializer(RefuseUnknownFieldsMixin, serializers.Serializer):
    reason = ServiceCheckedText()


class AttachmentSerializer(RefuseUnknownFieldsMixin, serializers.ModelSerializer):
    """Upload (multipart ``file`` + ``kind``) and its answer; the service checks size and type."""

    file = serializers.FileField(write_only=True, max_length=None, use_url=False)
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)

    class Meta:
        model = Attachment
        fields = ("id", "kind", "name", "size", "sha256", "content_type", "uploaded_at", "file")
        read_only_fields = ("name", "size", "sha256", "content_type", "uploaded_at")


class SiteUploadSerializer(RefuseUnknownFieldsMixin, serializers.Serializer):
    """A site file (multipart ``file``): GeoJSON, KML, or a zipped shapefile with its ``.prj``."""

    file = serializers.FileField(max_length=None, use_url=False)


# ---- audit ---------------------------------------------------------------------------------


class AuditActorSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="actor_id", allow_null=True)
    username = serializers.CharField(source="actor_username")
    display_name = serializers.CharField(source="actor_display_name")


class AuditAgencySerializer(serializers.Serializer):
    code = serializers.CharField(source="agency_code")
    name = serializers.CharField(source="agency_name")

    def to_representation(self, event):
        return super().to_representation(event) if event.agency_code else None


class AuditApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="application_id")
    reference = serializers.CharField(source="application_reference")

    def to_representation(self, event):
        return super().to_representation(event) if event.application_id else None


class AuditEventSerializer(serializers.ModelSerializer):
    actor = AuditActorSerializer(source="*", read_only=True)
    agency = AuditAgencySerializer(source="*", read_only=True, allow_null=True)
    application = AuditApplicationSerializer(source="*", read_only=True, allow_null=True)

    class Meta:
        model = AuditEvent
        fields = (
            "seq",
            "at",
            "actor",
            "agency",
            "role",
            "application",
            "action",
            "from_status",
            "to_status",
            "opinion",
            "details",
            "prev_hash",
            "hash",
        )
        read_only_fields = fields


def audit_csv_columns() -> list[str]:
    """The event's fields as the JSON list has them, nested ones flattened as
    ``actor.username``: the audit CSV's header in its ``codes`` form
    (``audit.export.COLUMNS``, checked against this by the tests)."""
    columns = []
    for name, field in AuditEventSerializer().fields.items():
        if isinstance(field, serializers.Serializer):
            columns += [f"{name}.{child}" for child in field.fields]
        else:
            columns.append(name)
    return columns


class AuditCsvQuerySerializer(serializers.Serializer):
    columns = serializers.ChoiceField(
        choices=list(CSV_FORMS),
        default="labels",
        help_text="labels: headings and values as people read them (the default); codes: the "
        "event's field names and codes.",
    )


class AuditEventsQuerySerializer(AuditCsvQuerySerializer):
    format = serializers.ChoiceField(
        choices=["json", "csv"],
        default="json",
        help_text="csv streams the same rows.",
    )


class AuditVerifySerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    events = serializers.IntegerField()
    first_bad_seq = serializers.IntegerField(allow_null=True)
    checkpoints = serializers.IntegerField()
    first_bad_checkpoint = serializers.IntegerField(allow_null=True)


class PublicKeySerializer(serializers.Serializer):
    key_id = serializers.CharField()
    algorithm = serializers.SerializerMethodField()
    public_key = serializers.SerializerMethodField(help_text=_("Base64 of the 32 raw bytes."))
    active = serializers.BooleanField()

    def get_algorithm(self, key) -> str:
        return "ed25519"

    def get_public_key(self, key) -> str:
        return base64.b64encode(bytes(key.public_key)).decode()


class CheckpointSerializer(serializers.Serializer):
    tree_size = serializers.IntegerField()
    root_hash = serializers.CharField()
    at = serializers.SerializerMethodField(help_text=_("Exactly as signed: UTC, seconds, Z."))
    key_id = serializers.CharField()
    signature = serializers.CharField(help_text=_("Base64 of the Ed25519 signature."))

    def get_at(self, checkpoint) -> str:
        return at_text(checkpoint.at)


class ProofQuerySerializer(serializers.Serializer):
    seq = serializers.IntegerField(min_value=1, max_value=2**62)
    tree_size = serializers.IntegerField(min_value=1, max_value=2**62)


class ProofSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    leaf_index = serializers.IntegerField()
    tree_size = serializers.IntegerField()
    event_hash = serializers.CharField()
    audit_path = serializers.ListField(child=serializers.CharField())


class ConsistencyQuerySerializer(serializers.Serializer):
    first = serializers.IntegerField(min_value=1, max_value=2**62)
    second = serializers.IntegerField(min_value=1, max_value=2**62)


class ConsistencySerializer(serializers.Serializer):
    first = serializers.IntegerField()
    second = serializers.IntegerField()
    first_root = serializers.CharField()
    second_root = serializers.CharField()
    proof = serializers.ListField(child=serializers.CharField())


# ---- tasks ---------------------------------------------------------------------------------


class TaskQuerySerializer(serializers.Serializer):
    queue = serializers.ChoiceField(choices=task_selectors.QUEUES, default="inbox")
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    # Blank text filters nothing (``tasks_filter``), as in the application list's ``q``.
    district = serializers.CharField(required=False, allow_blank=True, max_length=6)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
    step = serializers.ChoiceField(choices=Step.choices, required=False)
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Part of the reference, of the title or of the applicant organisation's name."),
    )
    ordering = serializers.ChoiceField(choices=task_selectors.TASK_ORDERINGS, required=False)


class _TaskRow(NamedTuple):
    """What the API writes of a task (``tasks_represented``), in ``TASK_ROW_LOOKUPS`` order."""

    pk: int
    flow_task: Any  # viewflow's node
    status: str
    created: datetime
    finished: datetime | None
    agency_pk: str
    owner: str | None
    data: dict[str, Any] | None
    application: tuple[Any, ...]  # ApplicationSummarySerializer's sources, in its field order


_SUMMARY_FIELDS: dict[str, serializers.Field] = dict(ApplicationSummarySerializer().fields)
_SUMMARY_SOURCES = tuple(str(field.source) for field in _SUMMARY_FIELDS.values())
_TASK_APPLICATION = "process__permitprocess__application__"
# A page of the task list is read as these values (one query, no model instance: at 50 rows a
# page the instances and DRF's nested fields took most of the queue's time; bench/README.md).
TASK_ROW_LOOKUPS = (
    "pk",
    "flow_task",
    "status",
    "created",
    "finished",
    "owner_permission_obj_pk",
    "owner__username",
    "data",
    *(_TASK_APPLICATION + source for source in _SUMMARY_SOURCES),
)
_TASK_COLUMNS = len(_TaskRow._fields) - 1
_DATETIME = serializers.DateTimeField()


def _task_row(item: Task | tuple[Any, ...]) -> _TaskRow:
    """A task, or a row of ``TASK_ROW_LOOKUPS`` values."""
    if isinstance(item, tuple):
        return _TaskRow._make((*item[:_TASK_COLUMNS], item[_TASK_COLUMNS:]))
    application = item.process.permitprocess.application
    return _TaskRow(
        item.pk,
        item.flow_task,
        item.status,
        item.created,
        item.finished,
        item.owner_permission_obj_pk,
        item.owner.username if item.owner_id else None,
        item.data,
        tuple(getattr(application, source) for source in _SUMMARY_SOURCES),
    )


def tasks_represented(items: Sequence[Task | tuple[Any, ...]]) -> list[dict[str, Any]]:
    """``TaskSerializer``'s representation of tasks or of ``TASK_ROW_LOOKUPS`` rows: their
    agencies in one query, their clocks in one more (one task: its agency as ``task_agency``
    keeps it on the task)."""
    rows = [_task_row(item) for item in items]
    if len(items) == 1 and isinstance(items[0], Task):
        agencies = {str(rows[0].agency_pk): task_agency(items[0])}  # often read already
    else:
        agencies = task_selectors.agencies_by_pk(row.agency_pk for row in rows)
    agency_refs = {pk: AgencyRefSerializer(agency).data for pk, agency in agencies.items()}
    deadlines = task_selectors.tasks_deadlines(rows)
    return [
        _task_represented(row, agency_refs[str(row.agency_pk)], deadlines[row.pk]) for row in rows
    ]


def _task_represented(row: _TaskRow, agency: Any, deadline: dict[str, Any]) -> dict[str, Any]:
    data = row.data or {}
    return {
        "id": row.pk,
        "application": {
            name: None if value is None else field.to_representation(value)
            for (name, field), value in zip(_SUMMARY_FIELDS.items(), row.application, strict=True)
        },
        "step": node_step(row.flow_task).value,
        "agency": agency,
        "status": str(row.status).lower(),  # viewflow's status in lower case: new, assigned…
        "created": _DATETIME.to_representation(row.created),
        "due_date": deadline["due_date"],
        "working_days_left": deadline["working_days_left"],
        "paused": deadline["paused"],
        "overdue": deadline["overdue"],
        "owner": row.owner,
        "finished": None if row.finished is None else _DATETIME.to_representation(row.finished),
        "decision": data.get("decision"),
        "opinion": data.get("opinion"),
    }


class TaskListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        return tasks_represented(list(data))


# A task (api.md). The fields describe it for the schema; ``tasks_represented`` writes it, from
# a task or from a page of ``TASK_ROW_LOOKUPS`` rows (the task list).
class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    application = ApplicationSummarySerializer()
    step = serializers.ChoiceField(choices=Step.choices, read_only=True)
    agency = AgencyRefSerializer(read_only=True)
    status = serializers.CharField(
        read_only=True,
        help_text="viewflow's task status in lower case: new, assigned, done, canceled…",
    )
    created = serializers.DateTimeField()
    due_date = serializers.DateField(allow_null=True, read_only=True)
    working_days_left = serializers.IntegerField(allow_null=True, read_only=True)
    paused = serializers.BooleanField(read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    owner = serializers.CharField(default=None, allow_null=True)
    finished = serializers.DateTimeField(allow_null=True)
    decision = serializers.ChoiceField(choices=Decision.choices, allow_null=True, read_only=True)
    opinion = serializers.CharField(allow_null=True, read_only=True)

    class Meta:
        list_serializer_class = TaskListSerializer

    def to_representation(self, instance):
        return tasks_represented([instance])[0]


class ReturnItemInputSerializer(RefuseUnknownFieldsMixin, serializers.Serializer):
    """One item of a return as the decision sends it (its shape for the schema: the service,
    ``workflows.services``, checks it and that ``field`` is one of the application's)."""

    field = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    attachment_kind = serializers.ChoiceField(
        choices=AttachmentKind.choices, required=False, allow_null=True, allow_blank=True
    )
    message = serializers.CharField(max_length=RETURN_ITEM_MESSAGE_MAX)


@extend_schema_field(ReturnItemInputSerializer(many=True))
class ReturnItemsField(serializers.JSONField):
    """Read as JSON and handed to the service whole, so that it answers every problem of the
    items in its own terms."""


class DecisionSerializer(RefuseUnknownFieldsMixin, serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    opinion = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    items = ReturnItemsField(
        required=False,
        help_text=_(
            'With "return": [{"field", "attachment_kind", "message"}], what to correct; '
            "checked by the service."
        ),
    )
    grounds = serializers.ListField(
        child=serializers.CharField(max_length=20),
        required=False,
        max_length=50,
        help_text=_(
            'With "reject": the rule codes the refusal rests on, e.g. ["T1", "T4"]; with '
            '"not_accept": the grounds of art. 32 of the Administrative Licensing Law, e.g. '
            '["N2"]. The decision quotes their clauses.'
        ),
    )


class DecisionResultSerializer(serializers.Serializer):
    task = TaskSerializer()
    application = application_schema()


# ---- public certificate verification -------------------------------------------------------


# Without the check code, only these (api.md).
VERIFY_PUBLIC_FIELDS = ("number", "document_kind", "status")


class VerifyParticularSerializer(serializers.Serializer):
    # The field named "label" shadows Field.label for the type checker only: DRF's metaclass
    # takes declared fields off the class.
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.CharField()


class CertificateVerifySerializer(serializers.Serializer):
    """A ``documents.verify.Verification``; the details only with the check code."""

    number = serializers.CharField(source="certificate.number")
    document_kind = serializers.ChoiceField(
        source="certificate.document_kind", choices=DocumentKind.choices
    )
    status = serializers.ChoiceField(choices=CERTIFICATE_STATUSES)
    kind = serializers.ChoiceField(
        source="certificate.application.kind", choices=Kind.choices, required=False
    )
    reference = serializers.CharField(source="certificate.application.reference", required=False)
    holder = serializers.CharField(
        source="certificate.application.organisation.name",
        required=False,
        help_text=_("The permit holder, or the applicant of a refusal."),
    )
    issuing_agency = serializers.CharField(required=False)
    issued_at = serializers.DateTimeField(source="certificate.issued_at", required=False)
    valid_until = serializers.DateField(
        source="certificate.valid_until", required=False, allow_null=True
    )
    valid_from = serializers.DateField(
        source="certificate.valid_from", required=False, allow_null=True
    )
    location = serializers.CharField(
        required=False, help_text=_("Where, as the document prints it (empty for a notice).")
    )
    validity = serializers.CharField(
        required=False, help_text=_("The period of validity, as the document prints it.")
    )
    particulars = VerifyParticularSerializer(
        source="particular_rows",
        many=True,
        required=False,
        help_text=_(
            "What the document prints about the site, the work and its extent, to compare with "
            "the paper (labels in Chinese, as printed). Never contact data."
        ),
    )
    code_valid = serializers.BooleanField(
        required=False,
        help_text=_(
            "Present when a code was given: whether it is the document's. A wrong code gets "
            "only the public fields."
        ),
    )

    def to_representation(self, verification):
        data = super().to_representation(verification)
        if not verification.with_details:
            data = {name: data[name] for name in VERIFY_PUBLIC_FIELDS}
        if verification.code_given:
            data["code_valid"] = verification.with_details
        else:
            data.pop("code_valid", None)
        return data


# ---- agency statistics ---------------------------------------------------------------------

MSG_PERIOD_REVERSED = _("The end of the period must not be before its start.")


class StatsQuerySerializer(serializers.Serializer):
    since = serializers.DateField(required=False, allow_null=True, default=None)
    until = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if attrs["since"] and attrs["until"] and attrs["until"] < attrs["since"]:
            raise serializers.ValidationError(
                {"until": [ErrorDetail(str(MSG_PERIOD_REVERSED), code="invalid")]}
            )
        return attrs


class StatsSerializer(serializers.Serializer):
    by_status = serializers.DictField(child=serializers.IntegerField())
    by_kind = serializers.DictField(child=serializers.IntegerField())
    median_working_days_to_decision = serializers.FloatField(allow_null=True)
    on_time_rate = serializers.FloatField(
        allow_null=True, help_text=_("Share (0–1) of review steps decided by their due date.")
    )
    overdue = TaskSerializer(many=True)


# ---- people (absences, reassignment) ---------------------------------------------------------


class ExtendSerializer(RefuseUnknownFieldsMixin, serializers.Serializer):
    """The reason is required; the service asks who may extend before it asks for the reason."""

    reason = ServiceCheckedText()


class ReassignSerializer(serializers.Serializer):
    # Checked by the service, after whether the caller may see and reassign the task (404, 403):
    # so not even unknown fields are refused before (whoever may not see the task gets 404).
    to = ServiceCheckedText(max_length=150)
    reason = ServiceCheckedText()


class AbsenceCreateSerializer(RefuseUnknownFieldsMixin, serializers.Serializer):
    substitute = serializers.CharField(max_length=150)
    starts = serializers.DateField()
    ends = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class AbsenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    user = serializers.CharField(source="user.username")
    substitute = serializers.CharField(source="substitute.username")
    agency = AgencyRefSerializer()
    starts = serializers.DateField()
    ends = serializers.DateField()
    reason = serializers.CharField()
    created = serializers.DateTimeField()


# ---- the per-official report (离任审计) ------------------------------------------------------


class OfficialReportQuerySerializer(StatsQuerySerializer, AuditCsvQuerySerializer):
    format = serializers.ChoiceField(choices=["json", "csv", "pdf"], default="json")


class OfficialRefSerializer(serializers.Serializer):
    username = serializers.CharField(source="get_username")
    display_name = serializers.SerializerMethodField()

    def get_display_name(self, user) -> str:
        return display_name(user)


class OfficialReportItemSerializer(serializers.Serializer):
    decided_at = serializers.DateTimeField()
    reference = serializers.CharField()
    application_id = serializers.IntegerField()
    step = serializers.ChoiceField(choices=Step.choices)
    agency = serializers.CharField()
    decision = serializers.ChoiceField(choices=Decision.choices)
    opinion = serializers.CharField()
    overdue = serializers.BooleanField()
    against_disagreement = serializers.ListField(child=serializers.CharField())


class OfficialReportSerializer(serializers.Serializer):
    official = OfficialRefSerializer()
    since = serializers.DateField(allow_null=True)
    until = serializers.DateField(allow_null=True)
    decisions = serializers.IntegerField()
    by_outcome = serializers.DictField(child=serializers.IntegerField())
    overdue_decisions = serializers.IntegerField()
    against_disagreement = serializers.IntegerField()
    items = OfficialReportItemSerializer(many=True)
