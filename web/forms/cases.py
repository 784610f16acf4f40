"""The forms of the enforcement case pages (issue 48 item 5): one per act; the services check
everything again and are authoritative."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core.messages import MSG_CASE_QUANTITY_FIELD
from enforcement.models import (
    CaseDocument,
    CaseSource,
    CourtRuling,
    DeferralKind,
    NoPenaltyGround,
    PenaltyArticle,
    PublicNoticeGround,
    ReferralThreshold,
    ReturnGround,
    ReviewKind,
    ReviewOutcome,
    ServiceMethod,
)

from .common import ServiceForm
from .procedures import MultipleFileField, MultipleFileInput

TEXT = forms.Textarea(attrs={"rows": 3})
EVIDENCE_KINDS = [
    ("photo", _("Photo")),
    ("file", _("Document")),
    ("measurement", _("Measurement")),
    ("statement", _("Statement")),
]


def _articles() -> list[tuple[str, str]]:
    rows = PenaltyArticle.objects.filter(jurisdiction__isnull=True).order_by("code")
    return [(a.code, f"{a.citation} {a.offence}") for a in rows]


class CaseOpenForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=CaseSource.choices)
    source_id = forms.CharField(label=_("Source id"), required=False, max_length=40)
    facts = forms.CharField(label=_("Facts"), max_length=4000, widget=TEXT)


class CaseRegisterForm(forms.Form):
    name = forms.CharField(label=_("Party"), max_length=120)
    credit_code = forms.CharField(
        label=_("Unified social credit code"), required=False, max_length=18
    )
    id_number = forms.CharField(label=_("Id number"), required=False, max_length=18)
    address = forms.CharField(label=_("Party's address"), required=False, max_length=200)


class CaseEvidenceForm(forms.Form):
    officers = forms.CharField(
        label=_("Officers (user names, two or more)"),
        max_length=400,
        help_text=_("Separated by spaces or commas."),
    )
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=EVIDENCE_KINDS)
    description = forms.CharField(label=_("Evidence"), max_length=4000, widget=TEXT)


class _PenaltyForm(forms.Form):
    article = forms.ChoiceField(label=_("Article"), choices=())
    fine = forms.DecimalField(
        label=_("Fine (yuan)"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    base_value = forms.DecimalField(
        label=_("Value established (yuan)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    replant_trees = forms.IntegerField(
        label=_("Trees to replant"), required=False, min_value=0, max_value=10_000_000
    )
    measures = forms.CharField(
        label=_("Measures ordered"), required=False, max_length=4000, widget=TEXT
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["article"].choices = _articles()  # type: ignore[attr-defined]


class CasePriorNoticeForm(_PenaltyForm):
    complex_case = forms.BooleanField(
        label=_("Complex or of great public interest (legal review)"), required=False
    )


class CaseStatementForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Party's answer"),
        choices=[
            ("waived", _("Rights waived")),
            ("statement", _("Statement and defence")),
            ("hearing_requested", _("Hearing requested")),
        ],
    )
    statement = forms.CharField(label=_("Statement"), required=False, max_length=4000, widget=TEXT)


class CaseLegalReviewForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Legal review"),
        choices=[("1", _("Passed")), ("0", _("Not passed"))],
        coerce=lambda v: v == "1",
    )
    opinion = forms.CharField(label=_("Opinion"), max_length=4000, widget=TEXT)


class CaseDecisionForm(_PenaltyForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("penalty", _("Penalty")), ("no_penalty", _("No penalty"))]
    )
    reasons = forms.CharField(label=_("Reasons"), max_length=4000, widget=TEXT)
    no_penalty_ground = forms.ChoiceField(
        label=_("Ground of no penalty"),
        choices=[("", "—"), *NoPenaltyGround.choices],
        required=False,
        help_text=_("With no penalty: the one ground found; the decision cites its article."),
    )
    party_address = forms.CharField(
        label=_("Party's address"),
        required=False,
        max_length=200,
        help_text=_("Required when the case has none: the decision names it."),
    )
    field_order = [
        "outcome",
        "article",
        "fine",
        "base_value",
        "replant_trees",
        "measures",
        "no_penalty_ground",
        "reasons",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["article"].required = False


class CaseExecutionForm(forms.Form):
    fine_paid_on = forms.DateField(
        label=_("Fine paid on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    replanted_on = forms.DateField(
        label=_("Replanted on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    replanted_trees = forms.IntegerField(
        label=_("Trees replanted"), required=False, min_value=0, max_value=10_000_000
    )
    surcharge_paid = forms.DecimalField(
        label=_("Surcharge paid, yuan (empty: all that was owed)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    surcharge_relief_reason = forms.CharField(
        label=_("Why less surcharge than owed (the execution agreement)"),
        required=False,
        max_length=4000,
        widget=TEXT,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=TEXT)


class CaseCloseForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=TEXT)


class CaseHearingScheduleForm(forms.Form):
    """The hearing asked for, scheduled by the head (行政处罚法 art. 64)."""

    held_on = forms.DateField(
        label=_("Hearing day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(label=_("Hearing place"), max_length=200)
    presiding = forms.CharField(
        label=_("Presiding officer (user name, not an investigator)"), max_length=150
    )
    public = forms.TypedChoiceField(
        label=_("Held in public"),
        choices=[("1", _("In public")), ("0", _("Not in public"))],
        coerce=lambda v: v == "1",
    )
    private_reason = forms.CharField(
        label=_("Why not in public (a state secret, a trade secret or personal privacy)"),
        required=False,
        max_length=200,
    )


class CaseHearingRecordForm(forms.Form):
    """The hearing held with its record (art. 64(8)), or waived (64(6))."""

    answer = forms.ChoiceField(
        label=_("The hearing"),
        choices=[
            ("held", _("Held, the record checked and signed by the party")),
            ("waived", _("Waived: the request withdrawn or the party absent")),
        ],
    )
    record = forms.CharField(
        label=_("Hearing record"), required=False, max_length=4000, widget=TEXT
    )


DAY = forms.DateInput(attrs={"type": "date"})


class CaseHearingPostponeForm(forms.Form):
    """延期举行 by the head: the new day told at least seven working days ahead (art. 64(2))."""

    held_on = forms.DateField(label=_("New hearing day"), widget=DAY)
    place = forms.CharField(
        label=_("Hearing place (empty: the same)"), required=False, max_length=200
    )
    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=TEXT)


class CaseHearingRecusalForm(forms.Form):
    """The party's request that the presiding officer withdraw (回避, art. 64(4))."""

    granted = forms.TypedChoiceField(
        label=_("Request for recusal"),
        choices=[("1", _("Granted")), ("0", _("Refused"))],
        coerce=lambda v: v == "1",
    )
    presiding = forms.CharField(
        label=_("New presiding officer (user name, not an investigator)"),
        required=False,
        max_length=150,
    )
    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=TEXT)


class CasePerformanceDemandForm(forms.Form):
    """催告 of the replanting (行政强制法 arts. 35, 50)."""

    perform_by = forms.DateField(label=_("To replant by"), widget=DAY)


class CaseSubstituteForm(forms.Form):
    """代履行决定 (行政强制法 art. 51(1))."""

    performer = forms.CharField(label=_("Who performs (代履行人)"), max_length=200)
    method = forms.CharField(label=_("How"), max_length=200)
    party_address = forms.CharField(label=_("Party's address"), max_length=200)
    performed_on = forms.DateField(label=_("Day of the work"), widget=DAY)
    cost_budget = forms.DecimalField(
        label=_("Cost budget, yuan"), min_value=0, max_digits=14, decimal_places=2
    )
    urgent_reason = forms.CharField(
        label=_("Urgent reason (for a day not a working day)"), max_length=200, required=False
    )


class CaseSubstituteDoneForm(forms.Form):
    """代履行 done (行政强制法 art. 51(3)(4))."""

    done_on = forms.DateField(label=_("Done on"), widget=DAY)
    cost = forms.DecimalField(
        label=_("Cost borne by the party, yuan"), min_value=0, max_digits=14, decimal_places=2
    )
    supervisor = forms.CharField(label=_("Supervising official (user name)"), max_length=150)
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=TEXT)


class CasePaymentDeferralForm(ServiceForm):
    """暂缓或者分期缴纳 (行政处罚法 art. 66(2)): the instalments one a line, "day amount"."""

    kind = forms.ChoiceField(label=_("Deferred or in instalments"), choices=DeferralKind.choices)
    applied_on = forms.DateField(label=_("The party applied on"), widget=DAY)
    reason = forms.CharField(label=_("The party's difficulty"), max_length=4000, widget=TEXT)
    pay_by = forms.DateField(label=_("Deferred: to be paid by"), required=False, widget=DAY)
    instalments = forms.CharField(
        label=_("Instalments: one a line, the day and the amount"),
        required=False,
        max_length=2000,
        widget=TEXT,
        help_text=_("For example: 2026-05-01 3000"),
    )

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        rows = []
        for line in str(data.pop("instalments") or "").splitlines():
            parts = line.replace(",", " ").replace("，", " ").split()
            if parts:
                rows.append({"due": parts[0], "amount": parts[1] if len(parts) > 1 else ""})
        return {**data, "instalments": rows}


class CaseInstalmentMissedForm(forms.Form):
    due = forms.DateField(label=_("The missed instalment's day"), widget=DAY)


class CaseReviewFiledForm(forms.Form):
    """行政复议 or 行政诉讼 filed (行政处罚法 art. 73(3))."""

    kind = forms.ChoiceField(label=_("Reconsideration or suit"), choices=ReviewKind.choices)
    body = forms.CharField(label=_("Reconsideration body or court"), max_length=120)
    filed_on = forms.DateField(label=_("Filed on"), widget=DAY)


class CaseReviewEndedForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DAY)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReviewOutcome.choices)
    fine = forms.CharField(
        label=_("Fine as changed (yuan)"),
        required=False,
        max_length=20,
        help_text=_("With a change of the fine: not more than the fine decided."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=TEXT)


class CaseCourtDemandForm(forms.Form):
    """催告 before the court (行政强制法 art. 54): nothing to fill in."""


class CaseCourtApplicationForm(forms.Form):
    court = forms.CharField(label=_("People's court"), max_length=120)


class CaseCourtRulingForm(forms.Form):
    ruling = forms.ChoiceField(label=_("Ruling"), choices=CourtRuling.choices)
    ruled_on = forms.DateField(label=_("Ruled on"), widget=DAY)
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=TEXT)


class CaseReplantingInspectionForm(ServiceForm):
    """补种验收 on a phone: the day, the officers, the trees alive, where, the photos."""

    checked_on = forms.DateField(
        label=_("Day of the check"), widget=forms.DateInput(attrs={"type": "date"})
    )
    officers = forms.CharField(
        label=_("Officers (user names, two or more)"),
        max_length=400,
        help_text=_("Separated by spaces or commas."),
    )
    trees_alive = forms.IntegerField(
        label=_("Trees found alive"), min_value=0, max_value=10_000_000
    )
    passed = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("1", _("Passed")), ("0", _("Not passed"))],
        coerce=lambda v: v == "1",
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=4000, widget=TEXT)
    longitude = forms.FloatField(label=_("Longitude of the position"), required=False)
    latitude = forms.FloatField(label=_("Latitude of the position"), required=False)
    photos = MultipleFileField(
        label=_("Photos"),
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png", "capture": "environment"}
        ),
    )

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        lon, lat = data.pop("longitude"), data.pop("latitude")
        data["position"] = (
            {"type": "Point", "coordinates": [lon, lat]}
            if lon is not None and lat is not None
            else None
        )
        data["uploads"] = data.pop("photos")
        return data


class QuantitiesForm(ServiceForm):
    """A form with one quantity per referral threshold in force (the codes the API's
    ``quantities`` takes: stock in m³, saplings, value in yuan, area in mu), each field named
    as the service names its problems (``quantities.<code>``), so a refusal stands beside it."""

    thresholds: tuple[ReferralThreshold, ...] = ()

    @classmethod
    def with_thresholds(cls, thresholds: Sequence[ReferralThreshold]) -> type["QuantitiesForm"]:
        fields: dict[str, Any] = {
            f"quantities.{row.code}": forms.DecimalField(
                label=f"{row.offence}：{row.get_unit_display()}",
                required=False,
                min_value=Decimal(0),
                max_digits=14,
                decimal_places=2,
                error_messages=dict.fromkeys(QUANTITY_ERRORS, MSG_CASE_QUANTITY_FIELD),
            )
            for row in thresholds
        }
        # type() hands the class to forms' metaclass, which gathers the fields.
        form = type(cls.__name__, (cls,), {**fields, "thresholds": tuple(thresholds)})
        return cast(type[QuantitiesForm], form)

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        found = {row.code: data.pop(f"quantities.{row.code}", None) for row in self.thresholds}
        data["quantities"] = {code: value for code, value in found.items() if value is not None}
        return data


QUANTITY_ERRORS = ("invalid", "min_value", "max_digits", "max_decimal_places", "max_whole_digits")


class CaseReferralForm(QuantitiesForm):
    police_agency = forms.CharField(label=_("Public security authority"), max_length=120)
    reasons = forms.CharField(label=_("Reasons of the referral"), max_length=4000, widget=TEXT)


class CaseReferralDeclineForm(QuantitiesForm):
    reasons = forms.CharField(
        label=_("Why the referral thresholds are not met"), max_length=4000, widget=TEXT
    )


class CaseTransferCloseForm(forms.Form):
    handed_over_on = forms.DateField(
        label=_("Materials handed over to the police on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=TEXT)


class CaseReferralReturnForm(forms.Form):
    authority = forms.CharField(
        label=_("Judicial authority that sent the case back"), max_length=120
    )
    ground = forms.ChoiceField(label=_("Ground of the return"), choices=ReturnGround.choices)
    returned_on = forms.DateField(
        label=_("Sent back on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=TEXT)


POLICE_ANSWERS = [("yes", _("Accepted (立案)")), ("no", _("Not accepted (不予立案)"))]


class CaseReferralReportForm(forms.Form):
    report = forms.CharField(
        label=_("Report of the suspected crime to the head"), max_length=4000, widget=TEXT
    )


class CaseReferralReceivedForm(forms.Form):
    received_on = forms.DateField(
        label=_("Police received the referral on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class CaseReferralAnswerForm(forms.Form):
    accepted = forms.ChoiceField(label=_("Police's answer"), choices=POLICE_ANSWERS)
    answered_on = forms.DateField(
        label=_("Police answered on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note (the police's reasons)"), required=False, max_length=4000, widget=TEXT
    )


class CaseServeForm(forms.Form):
    """送达: the facts of the 送达回证 (行政处罚法 art. 61; 民事诉讼法 arts. 87-95)."""

    document = forms.ChoiceField(label=_("Document served"), choices=())
    method = forms.ChoiceField(label=_("How it was served"), choices=ServiceMethod.choices)
    served_on = forms.DateField(
        label=_("Received on"),
        help_text=_("For a public notice: the day it was published; served thirty days later."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    recipient = forms.CharField(label=_("Received by"), required=False, max_length=120)
    place = forms.CharField(label=_("Place or address"), required=False, max_length=200)
    witness = forms.CharField(label=_("Witness"), required=False, max_length=120)
    reference = forms.CharField(label=_("Post or system reference"), required=False, max_length=120)
    consent_signed = forms.BooleanField(
        label=_("The party agreed to electronic service and signed"), required=False
    )
    # The service refuses a ground for another way (400 on the field), so blank is offered first.
    ground = forms.ChoiceField(
        label=_("Ground of the public notice"),
        help_text=_("Only for a service by public notice (Civil Procedure Law art. 95)."),
        choices=[("", "---------"), *PublicNoticeGround.choices],
        required=False,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=TEXT)
    documents: Sequence[CaseDocument] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(d.pk), f"{d.get_kind_display()} {d.number}") for d in self.documents]
        self.fields["document"].choices = choices  # type: ignore[attr-defined]


def case_serve_form(documents: Sequence[CaseDocument]) -> type[CaseServeForm]:
    """The service form offering ``documents`` (the case's, not yet served)."""
    return type("CaseServeForm", (CaseServeForm,), {"documents": tuple(documents)})
