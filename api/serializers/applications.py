"""``applications/``: the record of one application (one serializer per kind, and the shapes
nested in it) and the bodies of its actions (create, submit, withdraw, revoke, site)."""

from collections.abc import Iterable, Mapping
from typing import Any, cast

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from core.messages import MSG_KIND_FIXED
from documents.models import Certificate, CertificateStatus
from documents.selectors import application_document, permit_licence_identifier
from documents.verify import Standing
from licensing.selectors import PERMIT_ACTIONS, application_actions, land_approval_of
from permits import rules
from permits.choices import PERMIT_STATUSES, AttachmentKind, Kind, Step
from permits.facts import detail_field_names
from permits.geometry import validate_site_geometry
from permits.models import (
    APPLICATION_FIELDS,
    Application,
    IntroductionApplication,
    OccupationRequest,
    TendingDesign,
)
from permits.screening import screening_record
from permits.selectors import obligations_of
from permits.services import application_findings
from public.standing import permit_summary, standing_of
from workflows import selectors as task_selectors
from workflows.models import Countersign, Resubmission, ReturnItem
from workflows.selectors import APPLICATION_ACTIONS
from zones.models import ZoneKind

from .base import (
    AgencyRefSerializer,
    OrganisationRefSerializer,
    RefuseUnknownFieldsMixin,
    ServiceCheckedText,
    UserRefSerializer,
)
from .fees import FeeSerializer, NationalDecisionSerializer
from .hearings import HearingSerializer
from .licensing import LandApprovalSerializer, PermitSummarySerializer
from .obligations import ObligationSerializer
from .parties import InterestedPartySerializer
from .procedures import SpecialProcedureSerializer
from .sitechecks import SiteCheckSerializer

# ``X(..., many=True)`` is a ListSerializer (DRF's ``BaseSerializer.__new__``), whose ``data`` is a
# ReturnList; the stubs type it as the ``X`` they see, so its ``data`` as a ReturnDict: cast.


# What a user may do on an application now (``licensing.selectors.application_actions``: the
# workflow's actions, then the permit's own acts); ApplicationActionEnum in the schema.
APPLICATION_ACTION_CHOICES = (*APPLICATION_ACTIONS, *PERMIT_ACTIONS)


class WarningSerializer(serializers.Serializer[Any]):
    """An advisory rule finding (permits.rules.Finding)."""

    rule = serializers.CharField()
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # see ErrorItemSerializer


def _standing(context: Mapping[str, Any], certificate: Certificate) -> Standing:
    """The document's standing, read once for the whole record (its ``certificate`` and its
    ``permit`` name the same document): kept in the context the record hands its parts (DRF
    keeps the dict it is given)."""
    shared = cast("dict[str, Any]", context)
    read: dict[int, Standing] = shared.setdefault("standings", {})
    if certificate.pk not in read:
        read[certificate.pk] = standing_of(certificate)
    return read[certificate.pk]


class FindingSerializer(serializers.Serializer[Any]):
    """A finding the agency decides on (permits.rules.Finding): ``blocking`` (a licensing
    condition the decision refuses on) or ``incomplete`` (the materials: a correction at
    acceptance, then no acceptance). Issue 46 High 1."""

    rule = serializers.CharField()
    severity = serializers.CharField()
    message = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # see ErrorItemSerializer


class CertificateRefSerializer(serializers.Serializer[Certificate]):
    number = serializers.CharField()
    status = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    code = serializers.CharField(
        source="check_code", help_text=_("The check code (校验码) printed on the document.")
    )
    licence_identifier = serializers.SerializerMethodField(
        help_text=_(
            "An approval's electronic licence identifier (GB/T 36904); null until it is "
            "assigned, and for a refusal."
        )
    )

    def get_licence_identifier(self, certificate: Certificate) -> str | None:
        return permit_licence_identifier(certificate)

    @extend_schema_field(serializers.ChoiceField(choices=CertificateStatus.choices))
    def get_status(self, certificate: Certificate) -> str:
        """Where the permit stands, as its verification says (``public.standing``)."""
        return str(_standing(self.context, certificate).status)

    def get_url(self, certificate: Certificate) -> str:
        path = reverse("api:application-certificate-pdf", args=[certificate.application_id])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ReturnItemSerializer(serializers.Serializer[Any]):
    """One thing a return asks to correct; ``null`` where the item names no field or kind."""

    field = serializers.SerializerMethodField()
    attachment_kind = serializers.SerializerMethodField()
    message = serializers.CharField()

    def get_field(self, item: ReturnItem) -> str | None:
        return item.field or None

    def get_attachment_kind(self, item: ReturnItem) -> str | None:
        return item.attachment_kind or None


class OpenReturnItemSerializer(ReturnItemSerializer):
    """An item of the open return, and whether the applicant has left it untouched so far
    (``workflows.selectors.return_items_untouched``: its field as returned, no file of its
    kind added or removed)."""

    untouched = serializers.SerializerMethodField()

    def get_untouched(self, item: ReturnItem) -> bool:
        return item.pk in self.context.get("untouched", ())


class FieldChangeSerializer(serializers.Serializer[Any]):
    field = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class FileRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)
    name = serializers.CharField()
    sha256 = serializers.CharField()


class AttachmentChangesSerializer(serializers.Serializer[Any]):
    added = FileRefSerializer(many=True)
    removed = FileRefSerializer(many=True)


class ReturnItemAnswerSerializer(ReturnItemSerializer):
    changed = serializers.BooleanField(
        allow_null=True, help_text=_("Whether what the item names changed; null: it names nothing.")
    )


class ChangesSinceReturnSerializer(serializers.Serializer[Any]):
    """What the resubmission changed against the version returned (officials only)."""

    note = serializers.CharField(help_text=_("The applicant's correction note (补正说明)."))
    resubmitted_at = serializers.DateTimeField()
    attachments = AttachmentChangesSerializer()
    items = ReturnItemAnswerSerializer(many=True)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # A field named "fields" cannot be declared: the attribute is the serializer's own.
        return {**super().get_fields(), "fields": FieldChangeSerializer(many=True)}

    def to_representation(self, resubmission: Resubmission) -> dict[str, Any]:
        changes = task_selectors.resubmission_changes(resubmission)
        items: list[ReturnItem] = []
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


class CountersignSerializer(serializers.ModelSerializer[Countersign]):
    """A consulted agency's opinion (会签意见)."""

    agency = AgencyRefSerializer()
    decided_by = UserRefSerializer()

    class Meta:
        model = Countersign
        fields = ("agency", "decision", "opinion", "decided_by", "decided_at")
        read_only_fields = fields


def _nullable_blank(model_field: "models.Field[Any, Any]") -> bool:
    """Text fields that may be empty in a draft: the API also accepts null for them."""
    return model_field.blank and not model_field.null


class DeadlineSerializer(serializers.Serializer[Any]):
    step = serializers.ChoiceField(choices=Step.choices)
    limit_working_days = serializers.IntegerField()
    extended_working_days = serializers.IntegerField()
    started_on = serializers.DateField()
    due_date = serializers.DateField(allow_null=True)
    working_days_left = serializers.IntegerField()
    paused = serializers.BooleanField()
    overdue = serializers.BooleanField()
    decision_due_date = serializers.DateField(
        allow_null=True,
        help_text=_(
            "The date by which the deciding agency must decide (Administrative Licensing Law "
            "arts. 42, 43); null before acceptance and while a special procedure pauses it."
        ),
    )
    deciding_agency = AgencyRefSerializer(
        allow_null=True, help_text=_("The agency that decides; null before acceptance.")
    )


class ScreeningZoneSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=ZoneKind.choices)
    overlap_ha = serializers.FloatField()
    # Not Field.source: see ErrorItemSerializer.
    source = serializers.CharField()  # type: ignore[assignment]
    grade = serializers.IntegerField(
        allow_null=True, help_text=_("A forest land protection grade zone's grade (1 = Ⅰ级).")
    )


class ScreeningOverlapSerializer(serializers.Serializer[Any]):
    """null reference and status: an application in review of another organisation, which
    the reader may not see (only that the land is under review, and how much)."""

    reference = serializers.CharField(allow_null=True)
    status = serializers.CharField(allow_null=True)
    overlap_ha = serializers.FloatField()


class ScreeningSerializer(serializers.Serializer[Any]):
    site_area_ha = serializers.FloatField()
    effective_protection_class = serializers.CharField()
    from_registry = serializers.BooleanField()
    zones = ScreeningZoneSerializer(many=True)
    overlaps = ScreeningOverlapSerializer(many=True)
    layer_versions = serializers.ListField(child=serializers.DictField())


class ApplicationSerializer(RefuseUnknownFieldsMixin, serializers.ModelSerializer[Application]):
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
    findings = serializers.SerializerMethodField()
    certificate = serializers.SerializerMethodField()
    countersigns = serializers.SerializerMethodField()
    obligations = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    land_approval = serializers.SerializerMethodField()
    permit = serializers.SerializerMethodField()
    return_items = serializers.SerializerMethodField()
    changes_since_return = serializers.SerializerMethodField()
    deadline = serializers.SerializerMethodField()
    special_procedures = serializers.SerializerMethodField()
    site_checks = serializers.SerializerMethodField()
    fee = serializers.SerializerMethodField()
    national_decision = serializers.SerializerMethodField()
    interested_parties = serializers.SerializerMethodField()
    hearings = serializers.SerializerMethodField()
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
        "findings",
        "certificate",
        "countersigns",
        "obligations",
        "actions",
        "land_approval",
        "permit",
        "return_items",
        "changes_since_return",
        "deadline",
        "special_procedures",
        "site_checks",
        "fee",
        "national_decision",
        "interested_parties",
        "hearings",
        "screening",
    )

    class Meta:
        model = Application
        read_only_fields: tuple[str, ...] = (
            "reference",
            "status",
            "created",
            "updated",
            "submitted_at",
            "decided_at",
            "valid_until",
        )

    def validate_kind(self, value: str) -> str:
        """Given again on an update, the kind must be the application's own: it never changes."""
        if self.instance is not None and value != self.instance.kind:
            raise serializers.ValidationError(MSG_KIND_FIXED, code="immutable")
        return value

    def build_standard_field(
        self, field_name: str, model_field: "models.Field[Any, Any]"
    ) -> tuple[type[serializers.Field[Any, Any, Any, Any]], dict[str, Any]]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if _nullable_blank(model_field) and not kwargs.get("read_only"):
            kwargs["allow_null"] = True
        if isinstance(model_field, models.DecimalField):
            kwargs["coerce_to_string"] = False
        return field_class, kwargs

    def _one(
        self, serializer: type[serializers.BaseSerializer[Any]], row: object | None
    ) -> ReturnDict[str, Any] | None:
        """``row`` as ``serializer`` writes it with this record's context; None without one."""
        if row is None:
            return None
        return cast("ReturnDict[str, Any]", serializer(row, context=self.context).data)

    def _many(
        self, serializer: type[serializers.BaseSerializer[Any]], rows: Iterable[object]
    ) -> ReturnList[Any]:
        """``rows`` as ``serializer`` writes them with this record's context."""
        return cast("ReturnList[Any]", serializer(rows, many=True, context=self.context).data)

    @extend_schema_field(WarningSerializer(many=True))
    def get_warnings(self, application: Application) -> ReturnList[Any]:
        advisory = rules.advisory(self._findings(application))
        return cast("ReturnList[Any]", WarningSerializer(advisory, many=True).data)

    def _findings(self, application: Application) -> list[rules.Finding]:
        """Every finding of the record, read once for ``warnings`` and ``findings``."""
        found: dict[int, list[rules.Finding]] = self.__dict__.setdefault("_found", {})
        if application.pk not in found:
            found[application.pk] = application_findings(application)
        return found[application.pk]

    @extend_schema_field(FindingSerializer(many=True))
    def get_findings(self, application: Application) -> ReturnList[Any]:
        """The findings the agency decides on, as the application stands (a filed-anyway
        application's included)."""
        return self._many(FindingSerializer, rules.before_filing(self._findings(application)))

    @extend_schema_field(CertificateRefSerializer(allow_null=True))
    def get_certificate(self, application: Application) -> ReturnDict[str, Any] | None:
        """The decision document: the approval, or the refusal of a rejected application."""
        certificate = application_document(application)
        if certificate is None:
            return None
        return self._one(CertificateRefSerializer, certificate)

    @extend_schema_field(CountersignSerializer(many=True))
    def get_countersigns(self, application: Application) -> list[Any]:
        """The consulted agencies' opinions of the current review pass (officials only); without
        a reader in the context there is nobody to show them to: none (fail closed)."""
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None:
            return []
        return cast(
            "ReturnList[Any]",
            CountersignSerializer(
                task_selectors.countersigns_visible(user, application), many=True
            ).data,
        )

    @extend_schema_field(OpenReturnItemSerializer(many=True))
    def get_return_items(self, application: Application) -> list[Any]:
        """What the open return asks to correct (一次性告知); [] when not returned."""
        returned = task_selectors.open_return(application)
        if returned is None:
            return []
        untouched = {item.pk for item in task_selectors.return_items_untouched(application)}
        return cast(
            "ReturnList[Any]",
            OpenReturnItemSerializer(
                returned.return_items.all(), many=True, context={"untouched": untouched}
            ).data,
        )

    @extend_schema_field(DeadlineSerializer(allow_null=True))
    def get_deadline(self, application: Application) -> ReturnDict[str, Any] | None:
        """The statutory clock of the current step (product.md §11); null without a running or
        paused step (a draft, a decision made)."""
        deadline = task_selectors.application_deadline(application)
        return DeadlineSerializer(deadline.as_dict()).data if deadline else None

    @extend_schema_field(SpecialProcedureSerializer(many=True))
    def get_special_procedures(self, application: Application) -> ReturnList[Any]:
        """The special procedures of its review (art. 45), oldest first: while one runs, its
        step's clock and the decision period are paused."""
        return self._many(
            SpecialProcedureSerializer, task_selectors.special_procedures_listed(application)
        )

    @extend_schema_field(SiteCheckSerializer(many=True))
    def get_site_checks(self, application: Application) -> ReturnList[Any]:
        """The site checks (现场查验) of an occupation's district step, oldest first: evidence in
        the applicant's case (art. 34 para. 3), shown to whoever sees the record, the applicant
        included. Only an occupation has any (no query for the other kinds)."""
        if application.kind != Kind.OCCUPATION:
            return cast("ReturnList[Any]", [])
        return self._many(SiteCheckSerializer, task_selectors.site_checks_of(application))

    @extend_schema_field(FeeSerializer(allow_null=True))
    def get_fee(self, application: Application) -> ReturnDict[str, Any] | None:
        """An occupation's forest vegetation restoration fee (product.md §16 L7): demanded by
        the fee notice at the approval, the approval issued once it is recorded paid."""
        return self._one(FeeSerializer, task_selectors.fee_of(application))

    @extend_schema_field(NationalDecisionSerializer(allow_null=True))
    def get_national_decision(self, application: Application) -> ReturnDict[str, Any] | None:
        """An occupation beyond the municipal authority by area (product.md §16 L6): its
        forwarding to the national forestry authority and the national decision once recorded."""
        return self._one(NationalDecisionSerializer, task_selectors.forwarding_of(application))

    @extend_schema_field(InterestedPartySerializer(many=True))
    def get_interested_parties(self, application: Application) -> ReturnList[Any]:
        """The interested parties (利害关系人, art. 36) of an occupation: the organisations other
        than the applicant holding 小班 of its site, each with its compensation agreement, the
        latest 利害关系人告知书 issued to it and whether the district step may approve as far
        as it goes. Only an occupation has any (no query for the other kinds)."""
        return self._many(
            InterestedPartySerializer, task_selectors.interested_parties_of(application)
        )

    @extend_schema_field(HearingSerializer(many=True))
    def get_hearings(self, application: Application) -> ReturnList[Any]:
        """The hearings (听证, arts. 46–48) offered in its review, oldest first: each notice
        (听证权利告知书), the requests, and once held the record the decision rests on. A
        draft never submitted has none (no query)."""
        if application.submitted_at is None:
            return cast("ReturnList[Any]", [])
        return self._many(HearingSerializer, task_selectors.hearings_of(application))

    @extend_schema_field(ScreeningSerializer(allow_null=True))
    def get_screening(self, application: Application) -> ReturnDict[str, Any] | None:
        """Where the site really is (product.md §15), its overlaps as the requesting user may be
        told of them (``overlaps_shown_to``: without a request, as the holder); null while
        there is no site."""
        request = self.context.get("request")
        record = screening_record(application, shown_to=getattr(request, "user", None))
        return ScreeningSerializer(record).data if record else None

    @extend_schema_field(ChangesSinceReturnSerializer(allow_null=True))
    def get_changes_since_return(self, application: Application) -> ReturnDict[str, Any] | None:
        """For officials of the agencies that see it, while it is under review after answering
        a return: the diff against the version returned; null otherwise (fail closed)."""
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None:
            return None
        resubmission = task_selectors.resubmission_visible(user=user, application=application)
        return ChangesSinceReturnSerializer(resubmission).data if resubmission else None

    @extend_schema_field(ObligationSerializer(many=True))
    def get_obligations(self, application: Application) -> ReturnList[Any]:
        """What the permit owes after approval, with its filings (none before; product.md §17)."""
        rows = obligations_of(application)
        return cast("ReturnList[Any]", ObligationSerializer(rows, many=True).data)

    @extend_schema_field(LandApprovalSerializer(allow_null=True))
    def get_land_approval(self, application: Application) -> ReturnDict[str, Any] | None:
        """A permanent occupation's recorded construction-land approval (product.md §18 B4);
        null otherwise."""
        record = land_approval_of(application)
        return LandApprovalSerializer(record).data if record else None

    @extend_schema_field(PermitSummarySerializer(allow_null=True))
    def get_permit(self, application: Application) -> ReturnDict[str, Any] | None:
        """The permit's current version (product.md §18): state, version, validity and the
        current document's number; null before a grant."""
        if application.status not in PERMIT_STATUSES:
            return None
        summary = permit_summary(application, standing=lambda c: _standing(self.context, c))
        return PermitSummarySerializer(summary).data if summary else None

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=APPLICATION_ACTION_CHOICES))
    )
    def get_actions(self, application: Application) -> list[str]:
        """What the caller may do now (``licensing.selectors.application_actions``: the
        workflow's, then the permit's own acts), the same actions the web page offers."""
        request = self.context.get("request")
        if request is None:
            return []
        return application_actions(user=request.user, application=application)

    def service_data(self) -> dict[str, Any]:
        """The validated values under the model's field names, as the services take them:
        foreign keys as the rows the validation read (the service does not read them again),
        null text as its empty default."""
        data: dict[str, Any] = {}
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


def _own_fields(model: type[Application]) -> tuple[str, ...]:
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
        # The window the approval sets (product.md §18 B6): read only, null before approval.
        fields = (
            *ApplicationSerializer.COMMON_FIELDS,
            *_own_fields(IntroductionApplication),
            "introduction_until",
            "introduction_closed_on",
        )
        read_only_fields = (
            *ApplicationSerializer.Meta.read_only_fields,
            "introduction_until",
            "introduction_closed_on",
        )


# One per kind (permits.models.DETAIL_MODEL).
APPLICATION_SERIALIZERS = {
    Kind.TENDING: TendingDesignSerializer,
    Kind.OCCUPATION: OccupationRequestSerializer,
    Kind.INTRODUCTION: IntroductionApplicationSerializer,
}


def application_schema(**kwargs: Any) -> PolymorphicProxySerializer:
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


class KindSerializer(serializers.Serializer[Any]):
    """Read first when creating: it selects the serializer of the type's fields."""

    kind = serializers.ChoiceField(choices=Kind.choices)


class StrictCharField(serializers.CharField):
    """Text only: DRF's CharField would turn a number into its digits."""

    def to_internal_value(self, data: object) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class SubmitSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    note = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text=_("Answering a return: what was corrected (补正说明)."),
    )
    file_anyway = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "File although the checks find what the agency will refuse or ask to correct "
            "(the findings of the 400 findings_blocking answer): the agency decides on them."
        ),
    )


class ReasonSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    reason = ServiceCheckedText()


class SiteUploadSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """A site file (multipart ``file``): GeoJSON, KML, or a zipped shapefile with its ``.prj``."""

    file = serializers.FileField(max_length=None, use_url=False)
