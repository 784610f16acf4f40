"""Enforcement cases (issue 48 item 5, api.md "Enforcement cases"): the record as officials
read it (the party's id number masked), the bodies of the acts, and the public penalty list."""

from decimal import Decimal
from typing import Any, cast

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.localtime import local, local_iso
from enforcement import law
from enforcement.models import (
    Case,
    CaseDocument,
    CaseHearing,
    CaseHearingChange,
    CaseReview,
    CaseService,
    CaseSource,
    CaseStatus,
    CourtEnforcement,
    CourtRuling,
    DeferralKind,
    NoPenaltyGround,
    PaymentDeferral,
    PerformanceDemand,
    PublicNoticeGround,
    ReplantingInspection,
    ReviewKind,
    ReviewOutcome,
    ServiceMethod,
    SubstitutePerformance,
)
from enforcement.selectors import (
    case_overdue,
    is_natural_person,
    masked_id_number,
    published_party,
    published_text,
    referral_step_due,
)

from .base import BoundedJSONField, RefuseUnknownFieldsMixin

# The decisions whose service sets what the party must do by when.
DECISION_KINDS = ("penalty_decision", "no_penalty_decision")


def _money(**options: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal(0), **options
    )


class CaseDocumentSerializer(serializers.ModelSerializer[CaseDocument]):
    title = serializers.SerializerMethodField()

    class Meta:
        model = CaseDocument
        fields = ["id", "kind", "number", "title", "issued_at", "chain_head_hash"]

    def get_title(self, document: CaseDocument) -> str:
        return str((document.content.get("document") or {}).get("title", ""))


class CaseDocumentContentSerializer(CaseDocumentSerializer):
    content = serializers.JSONField(source="content.document")

    class Meta(CaseDocumentSerializer.Meta):
        fields = [*CaseDocumentSerializer.Meta.fields, "content"]


class CasePartySerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    address = serializers.CharField(help_text='地址 (行政处罚法 art. 59(1)); "" until given.')
    credit_code = serializers.CharField()
    id_number = serializers.CharField(help_text="Masked: 110101********1234.")
    natural_person = serializers.BooleanField()


class CaseHearingChangeSerializer(serializers.ModelSerializer[CaseHearingChange]):
    """A postponement (延期举行) or a recusal request decided (回避, art. 64(4))."""

    presiding_before = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)
    presiding = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)
    document_number = serializers.CharField(source="document.number")

    class Meta:
        model = CaseHearingChange
        fields = [
            "kind",
            "reason",
            "held_on_before",
            "held_on",
            "place",
            "presiding_before",
            "presiding",
            "document_number",
            "decided_at",
        ]


class CaseHearingSerializer(serializers.ModelSerializer[CaseHearing]):
    """The hearing the party asked for (行政处罚法 arts. 63-65): null until scheduled or waived."""

    presiding = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)
    changes = CaseHearingChangeSerializer(many=True, read_only=True)

    class Meta:
        model = CaseHearing
        fields = [
            "status",
            "held_on",
            "place",
            "presiding",
            "public",
            "private_reason",
            "record",
            "changes",
        ]


class PerformanceDemandSerializer(serializers.ModelSerializer[PerformanceDemand]):
    document_number = serializers.CharField(source="document.number")

    class Meta:
        model = PerformanceDemand
        fields = ["perform_by", "document_number", "issued_at"]


class SubstitutePerformanceSerializer(serializers.ModelSerializer[SubstitutePerformance]):
    """代为履行 of the replanting (森林法 art. 81; 行政强制法 arts. 50, 51)."""

    decision_number = serializers.CharField(source="decision.number")
    record_number = serializers.CharField(source="record.number", allow_null=True)
    supervisor = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)

    class Meta:
        model = SubstitutePerformance
        fields = [
            "reason",
            "performer",
            "method",
            "party_address",
            "performed_on",
            "trees",
            "cost_budget",
            "decision_number",
            "decided_at",
            "done_on",
            "cost",
            "supervisor",
            "record_number",
        ]


class PaymentDeferralSerializer(serializers.ModelSerializer[PaymentDeferral]):
    document_number = serializers.CharField(source="document.number")

    class Meta:
        model = PaymentDeferral
        fields = [
            "id",
            "kind",
            "applied_on",
            "reason",
            "approved_on",
            "pay_by",
            "instalments",
            "missed_on",
            "document_number",
        ]


class CaseReviewSerializer(serializers.ModelSerializer[CaseReview]):
    class Meta:
        model = CaseReview
        fields = [
            "id",
            "kind",
            "body",
            "filed_on",
            "ended_on",
            "outcome",
            "outcome_note",
            "fine_before",
            "fine_after",
        ]


class CourtEnforcementSerializer(serializers.ModelSerializer[CourtEnforcement]):
    demand_number = serializers.CharField(source="demand.number")
    application_number = serializers.CharField(
        source="application.number", allow_null=True, default=None
    )

    class Meta:
        model = CourtEnforcement
        fields = [
            "demand_number",
            "demanded_on",
            "apply_from",
            "apply_by",
            "court",
            "applied_on",
            "fine_claimed",
            "surcharge_claimed",
            "substitute_cost_claimed",
            "application_number",
            "ruling",
            "ruled_on",
            "ruling_note",
        ]


class ReplantingInspectionSerializer(serializers.ModelSerializer[ReplantingInspection]):
    officers = serializers.SlugRelatedField[Any](slug_field="username", many=True, read_only=True)
    photos = serializers.PrimaryKeyRelatedField[Any](
        many=True, read_only=True, help_text="The case's file ids (``files/{id}/``)."
    )
    document_number = serializers.CharField(source="document.number")

    class Meta:
        model = ReplantingInspection
        fields = [
            "id",
            "checked_on",
            "officers",
            "trees_alive",
            "passed",
            "notes",
            "position",
            "photos",
            "due_before",
            "next_due",
            "document_number",
            "recorded_at",
        ]


# The referral of a suspected crime (移送规定 arts. 5-10).
REFERRAL_FIELDS = [
    "to_refer",
    "referral_reported_at",
    "referral_report_summary",
    "referral_approval_due",
    "referral_step_due",
    "police_received_on",
    "referral_cumulation",
    "police_agency",
    "referral_reasons",
    "referral_quantities",
    "referred_at",
    "transfer_by",
    "police_answer",
    "police_answered_on",
    "police_note",
    "referral_declined_at",
    "referral_declined_reasons",
    "referral_declined_quantities",
    "handed_over_on",
    "returned_on",
    "returned_by_authority",
    "return_ground",
    "return_note",
]


class CaseServiceSerializer(serializers.ModelSerializer[CaseService]):
    """The service (送达) of one of the case's documents, as its 送达回证 records it."""

    document = serializers.IntegerField(source="document_id")
    document_number = serializers.CharField(source="document.number")
    document_kind = serializers.CharField(source="document.kind")
    receipt_number = serializers.CharField(source="receipt.number")
    recorded_by = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)

    class Meta:
        model = CaseService
        fields = [
            "document",
            "document_number",
            "document_kind",
            "method",
            "served_on",
            "recipient",
            "place",
            "witness",
            "reference",
            "consent_signed",
            "note",
            "ground",
            "receipt_number",
            "recorded_by",
            "recorded_at",
        ]


class CaseSerializer(serializers.ModelSerializer[Case]):
    agency = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    party = serializers.SerializerMethodField()
    article = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    officers = serializers.SlugRelatedField[Any](slug_field="username", many=True, read_only=True)
    hearing = CaseHearingSerializer(read_only=True, allow_null=True)
    replanting_inspections = ReplantingInspectionSerializer(many=True, read_only=True)
    overdue = serializers.SerializerMethodField(
        help_text="The periods passed: register, decision, fine, replanting (逾期)."
    )
    surcharge_owed = serializers.SerializerMethodField(
        help_text="加处罚款 (行政处罚法 art. 72(1)) owed today on the fine unpaid: 3 % of the fine "
        'a day after fine_due, at most the fine (the jurisdiction\'s rate and cap); "0.00" when '
        "none. Once paid, what the fine's payment day made owed (surcharge_paid + relieved)."
    )
    performance_demands = PerformanceDemandSerializer(many=True, read_only=True)
    substitute = serializers.SerializerMethodField()
    payment_deferrals = PaymentDeferralSerializer(many=True, read_only=True)
    reviews = CaseReviewSerializer(many=True, read_only=True)
    court_enforcement = serializers.SerializerMethodField(
        help_text="申请人民法院强制执行: the demand, the days the court may be applied to "
        "(apply_from, apply_by), the application and the amounts claimed, the ruling; null "
        "before the demand."
    )
    referral_step_due = serializers.SerializerMethodField(
        help_text='The referral\'s step awaited and when it is due (移送规定 art. 5(2)): {"step": '
        '"approval", "due": day} the head\'s decision on the report; {"step": "handover", '
        '"due": moment} the police\'s receipt; null when neither is awaited.'
    )
    services = CaseServiceSerializer(many=True, read_only=True)
    decision_service = serializers.SerializerMethodField(
        help_text='"pending" (待送达: decided, its service not recorded, so no fine_due and no '
        '加处罚款 yet), "served", or null before a decision.'
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "agency",
            "status",
            "source",
            "source_id",
            "facts",
            "party",
            "opened_at",
            "register_due",
            "registered_at",
            "decide_due",
            "officers",
            "evidence",
            "proposed",
            "hearing_right",
            "notified_at",
            "statement_due",
            "statement_kind",
            "statement",
            "hearing",
            "legal_review_required",
            "legal_review_passed",
            "legal_review_opinion",
            "outcome",
            "article",
            "fine",
            "base_value",
            "replant_trees",
            "measures",
            "reasons",
            "no_penalty_ground",
            "decided_at",
            "decision_service",
            "fine_due",
            "replant_due",
            "publish_by",
            "decision_serve_by",
            "decision_served_on",
            "published_at",
            "fine_paid_on",
            "surcharge_owed",
            "surcharge_paid",
            "surcharge_relieved",
            "surcharge_relief_reason",
            "replanted_on",
            "replanted_trees",
            "replant_accepted_on",
            "replanting_inspections",
            "performance_demands",
            "substitute",
            "payment_deferrals",
            "reviews",
            "court_enforcement",
            "services",
            "overdue",
            "closed_at",
            *REFERRAL_FIELDS,
        ]

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_referral_step_due(self, case: Case) -> dict[str, str] | None:
        step = referral_step_due(case)
        if step is None:
            return None
        due = local_iso(step.at) if step.at is not None else step.day.isoformat()
        return {"step": step.step, "due": due}

    def get_decision_service(self, case: Case) -> str | None:
        if not case.decided_at:
            return None
        decision = [s for s in case.services.all() if s.document.kind in DECISION_KINDS]
        return "served" if decision else "pending"

    def get_overdue(self, case: Case) -> list[str]:
        return list(case_overdue(case, timezone.localdate()))

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2))
    def get_surcharge_owed(self, case: Case) -> str:
        # Each jurisdiction's rates read once a list, not once a case (constant queries).
        standards = cast(dict[str, Any], self.context).setdefault("standards", {})
        jurisdiction = case.agency.jurisdiction_id
        if jurisdiction not in standards:
            standards[jurisdiction] = law.standard_of(jurisdiction)
        return str(law.surcharge_as_of(case, timezone.localdate(), standards[jurisdiction]))

    @extend_schema_field(SubstitutePerformanceSerializer(allow_null=True))
    def get_substitute(self, case: Case) -> dict[str, Any] | None:
        try:
            row = case.substitute
        except SubstitutePerformance.DoesNotExist:
            return None
        return SubstitutePerformanceSerializer(row).data

    @extend_schema_field(CourtEnforcementSerializer(allow_null=True))
    def get_court_enforcement(self, case: Case) -> dict[str, Any] | None:
        try:
            row = case.court_enforcement
        except CourtEnforcement.DoesNotExist:
            return None
        return CourtEnforcementSerializer(row).data

    def get_party(self, case: Case) -> dict[str, Any]:
        return {
            "name": case.party_name,
            "address": case.party_address,
            "credit_code": case.party_credit_code,
            "id_number": masked_id_number(case.party_id_number),
            "natural_person": is_natural_person(case),
        }


class CaseFilterSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False)
    source = serializers.ChoiceField(choices=CaseSource.choices, required=False)  # type: ignore[assignment]


class CaseOpenSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    source = serializers.ChoiceField(choices=CaseSource.choices)  # type: ignore[assignment]
    source_id = serializers.CharField(required=False, allow_blank=True, max_length=40)
    facts = serializers.CharField(max_length=4000)
    agency = serializers.CharField(required=False, max_length=40, help_text="Agency code.")


class PartySerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120)
    address = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="地址 (行政处罚法 art. 59(1)): may wait for the decision, which requires it.",
    )
    credit_code = serializers.CharField(required=False, allow_blank=True, max_length=18)
    id_number = serializers.CharField(required=False, allow_blank=True, max_length=18)


class CaseRegisterSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    party = PartySerializer()
    facts = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class EvidenceItemSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["photo", "file", "measurement", "statement"])
    description = serializers.CharField(max_length=4000)


class CaseEvidenceJsonSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    officers = serializers.ListField(child=serializers.CharField(max_length=150), max_length=20)
    evidence = EvidenceItemSerializer(many=True, required=False)


class CaseEvidenceSerializer(CaseEvidenceJsonSerializer):
    files = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=10, source="uploads"
    )


class CasePenaltySerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    article = serializers.CharField(max_length=40)
    fine = _money(required=False)
    base_value = _money(required=False, allow_null=True)
    replant_trees = serializers.IntegerField(min_value=0, max_value=10_000_000, required=False)
    measures = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class CasePriorNoticeSerializer(CasePenaltySerializer):
    complex_case = serializers.BooleanField(
        required=False, help_text="行政处罚法 art. 58(1)(3): the decision is legally reviewed."
    )


class CaseStatementSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    waived = serializers.BooleanField(required=False)
    statement = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    hearing_requested = serializers.BooleanField(required=False)


class CaseHearingScheduleSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    held_on = serializers.DateField()
    place = serializers.CharField(max_length=200)
    presiding = serializers.CharField(
        max_length=150, help_text="The presiding officer's user name."
    )
    public = serializers.BooleanField(required=False, default=True)
    private_reason = serializers.CharField(required=False, allow_blank=True, max_length=200)


class CaseHearingRecordSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    held = serializers.BooleanField(required=False, default=False)
    waived = serializers.BooleanField(required=False, default=False)
    record = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class CaseHearingPostponeSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    held_on = serializers.DateField()
    reason = serializers.CharField(max_length=4000)
    place = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Omitted: the same place."
    )


class CaseHearingRecusalSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    granted = serializers.BooleanField()
    reason = serializers.CharField(max_length=4000)
    presiding = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=150,
        help_text="Granted: the new presiding officer's user name.",
    )


class CasePerformanceDemandSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    perform_by = serializers.DateField()


class CaseSubstituteSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    performer = serializers.CharField(max_length=200, help_text="代履行人.")
    method = serializers.CharField(max_length=200)
    party_address = serializers.CharField(max_length=200)
    performed_on = serializers.DateField()
    cost_budget = _money()
    urgent_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Why it is urgent (行政强制法 art. 43): needed for a day not a working day.",
    )


class CaseSubstituteDoneSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    done_on = serializers.DateField()
    cost = _money()
    supervisor = serializers.CharField(max_length=150, help_text="User name.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class InstalmentSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    due = serializers.DateField()
    amount = _money()


class CasePaymentDeferralSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=DeferralKind.choices)
    applied_on = serializers.DateField(help_text="The day the party applied.")
    reason = serializers.CharField(max_length=4000, help_text="The party's difficulty.")
    pay_by = serializers.DateField(required=False, help_text="deferred: the day to pay.")
    instalments = InstalmentSerializer(
        many=True, required=False, help_text="instalments: each day and amount, the fine in all."
    )


class CaseInstalmentMissedSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    due = serializers.DateField(help_text="The missed instalment's day.")


class CaseReviewFiledSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ReviewKind.choices)
    body = serializers.CharField(max_length=120, help_text="复议机关 or 人民法院.")
    filed_on = serializers.DateField()


class CaseReviewEndedSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    ended_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    fine = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text="With changed: the fine as changed (yuan), not more than the fine decided.",
    )


class CaseCourtApplicationSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    court = serializers.CharField(max_length=120, help_text="The people's court applied to.")


class CaseCourtRulingSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    ruling = serializers.ChoiceField(choices=CourtRuling.choices)
    ruled_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class CaseLegalReviewSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    passed = serializers.BooleanField()
    opinion = serializers.CharField(max_length=4000)


class CaseDecisionSerializer(CasePenaltySerializer):
    outcome = serializers.ChoiceField(choices=["penalty", "no_penalty"])
    article = serializers.CharField(max_length=40, required=False)
    reasons = serializers.CharField(max_length=4000)
    no_penalty_ground = serializers.ChoiceField(
        choices=NoPenaltyGround.choices,
        required=False,
        allow_blank=True,
        help_text="With no_penalty: the one ground found (art. 57(1)(2), (3)); the decision "
        "cites its article.",
    )
    party_address = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="The party's 地址 (art. 59(1)): required when the case has none yet.",
    )


class CaseServeSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """The 送达回证's facts (行政处罚法 art. 61; 民事诉讼法 arts. 87-95)."""

    document = serializers.IntegerField(
        min_value=1, help_text="The id of the case's document served (its documents list)."
    )
    method = serializers.ChoiceField(choices=ServiceMethod.choices)
    served_on = serializers.DateField(
        help_text="The day the party received it (签收日期); for a public notice the day it was "
        "published, the service counting from thirty days later (民事诉讼法 art. 95)."
    )
    recipient = serializers.CharField(required=False, allow_blank=True, max_length=120)
    place = serializers.CharField(required=False, allow_blank=True, max_length=200)
    witness = serializers.CharField(required=False, allow_blank=True, max_length=120)
    reference = serializers.CharField(required=False, allow_blank=True, max_length=120)
    consent_signed = serializers.BooleanField(required=False)
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=4000,
        help_text="For a public notice its course (经过: the ways tried, where and from when it "
        "was published), required (民事诉讼法 art. 95(2)).",
    )
    ground = serializers.ChoiceField(
        choices=PublicNoticeGround.choices,
        required=False,
        allow_blank=True,
        help_text="A public notice's ground (原因, 民事诉讼法 art. 95): required for "
        '"public_notice", refused (400) for the other ways.',
    )


class CaseExecutionSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    fine_paid_on = serializers.DateField(required=False)
    surcharge_paid = _money(
        required=False,
        help_text="加处罚款 paid with the fine; omitted: all that was owed on fine_paid_on.",
    )
    surcharge_relief_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=4000,
        help_text="Required when less than owed is paid (行政强制法 art. 42: execution agreement).",
    )
    replanted_on = serializers.DateField(required=False)
    replanted_trees = serializers.IntegerField(min_value=0, max_value=10_000_000, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class CaseReplantingInspectionJsonSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    checked_on = serializers.DateField()
    officers = serializers.ListField(child=serializers.CharField(max_length=150), max_length=20)
    trees_alive = serializers.IntegerField(min_value=0, max_value=10_000_000)
    passed = serializers.BooleanField()
    notes = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    position = BoundedJSONField(
        required=False, allow_null=True, help_text="A GeoJSON point (WGS 84)."
    )


class CaseReplantingInspectionSerializer(CaseReplantingInspectionJsonSerializer):
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=10, source="uploads"
    )


class CaseCloseSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class CaseReferralSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    # Blank or missing reach the service, which answers in the field's own words.
    police_agency = serializers.CharField(
        required=False, allow_blank=True, max_length=120, help_text="公安机关名称."
    )
    reasons = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    quantities = serializers.DictField(
        child=serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal(0)),
        required=False,
        help_text="The quantities established, by referral threshold code (theft-stock: m³…).",
    )


class CaseReferralReportSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    report = serializers.CharField(
        required=False, allow_blank=True, max_length=4000, help_text="The written report's text."
    )


class CaseReferralReceivedSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    received_on = serializers.DateField(required=False, help_text="移送规定 art. 8: 接受之日.")


class CaseReferralDeclineSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    reasons = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    quantities = serializers.DictField(
        child=serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal(0)),
        required=False,
        help_text="The quantities found, by referral threshold code; none may reach its threshold.",
    )


class CaseTransferCloseSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    handed_over_on = serializers.DateField(help_text="移送规定 art. 12: the materials handed over.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class CaseReferralReturnSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    # Blank or missing reach the service, which answers in the field's own words.
    authority = serializers.CharField(
        required=False, allow_blank=True, max_length=120, help_text="The judicial authority."
    )
    ground = serializers.CharField(
        required=False, allow_blank=True, help_text="no_criminal_liability | exempted"
    )
    returned_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class CaseReferralAnswerSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    accepted = serializers.BooleanField()
    answered_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class PublicPenaltySerializer(serializers.ModelSerializer[Case]):
    """A published penalty decision (双公示): a natural person's name masked, no id number."""

    agency = serializers.CharField(source="agency.name")
    party = serializers.SerializerMethodField()
    # Free text an official wrote: the party's name or id number in it masked as the party.
    facts = serializers.SerializerMethodField()
    measures = serializers.SerializerMethodField()
    decision_number = serializers.SerializerMethodField()
    article = serializers.SerializerMethodField()
    decided_on = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "decision_number",
            "agency",
            "party",
            "facts",
            "article",
            "fine",
            "replant_trees",
            "measures",
            "decided_on",
            "published_at",
        ]

    def get_party(self, case: Case) -> str:
        return published_party(case)

    def get_facts(self, case: Case) -> str:
        return published_text(case, case.facts)

    def get_measures(self, case: Case) -> str:
        return published_text(case, case.measures)

    def get_decision_number(self, case: Case) -> str:
        return next((d.number for d in case.documents.all() if d.kind == "penalty_decision"), "")

    def get_article(self, case: Case) -> str:
        return case.article.citation if case.article else ""

    def get_decided_on(self, case: Case) -> str | None:
        return local(case.decided_at).date().isoformat() if case.decided_at else None
