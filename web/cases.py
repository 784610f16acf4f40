"""Enforcement cases for the officials (issue 48 item 5): the list (with opening a case by hand)
and the case page with the form of each act the case's step offers, made for a phone. Every
form posts to the act's one service (``enforcement.services``), as the API does."""

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import NotVisible
from documents.pdf_files import document_pdf
from enforcement import collection, execution, hearings, law, referrals, services, serving
from enforcement.models import (
    REFERABLE,
    Case,
    CaseHearing,
    CaseHearingChange,
    CaseHearingStatus,
    CaseOutcome,
    CaseReview,
    CaseStatus,
    CourtEnforcement,
    DeferralKind,
    PaymentDeferral,
    PoliceAnswer,
    StatementKind,
    SubstitutePerformance,
)
from enforcement.selectors import (
    ENFORCEMENT_ROLES,
    case_agency_ids,
    case_get_visible,
    cases_visible_to,
    is_natural_person,
    masked_id_number,
    may_act,
    overdue_labels,
    referral_step_due,
    row_id,
)
from enforcement.services import close_wait, decision_wait
from permits import access
from permits.selectors import client_ip
from roles.models import Role

from .common import PAGE_SIZE, AuthenticatedHttpRequest, act_redirect, error_summary, posted_action
from .forms.cases import (
    CaseCloseForm,
    CaseCourtApplicationForm,
    CaseCourtDemandForm,
    CaseCourtRulingForm,
    CaseDecisionForm,
    CaseEvidenceForm,
    CaseExecutionForm,
    CaseHearingPostponeForm,
    CaseHearingRecordForm,
    CaseHearingRecusalForm,
    CaseHearingScheduleForm,
    CaseInstalmentMissedForm,
    CaseLegalReviewForm,
    CaseOpenForm,
    CasePaymentDeferralForm,
    CasePerformanceDemandForm,
    CasePriorNoticeForm,
    CaseReferralAnswerForm,
    CaseReferralDeclineForm,
    CaseReferralForm,
    CaseReferralReceivedForm,
    CaseReferralReportForm,
    CaseReferralReturnForm,
    CaseRegisterForm,
    CaseReplantingInspectionForm,
    CaseReviewEndedForm,
    CaseReviewFiledForm,
    CaseStatementForm,
    CaseSubstituteDoneForm,
    CaseSubstituteForm,
    CaseTransferCloseForm,
    case_serve_form,
)
from .forms.common import ServiceForm

DONE = _("Recorded.")
# What each act's form is headed and its button says (the page offers several at once).
ACT_TITLES = {
    "register": _("Register the case"),
    "evidence": _("Record the evidence gathered"),
    "prior_notice": _("Issue the prior notice of the penalty"),
    "statement": _("Record the party's answer to the notice"),
    "hearing": _("Schedule the hearing"),
    "hearing_postponement": _("Postpone the hearing"),
    "hearing_recusal": _("Decide on a request for recusal"),
    "hearing_record": _("Record the hearing"),
    "legal_review": _("Record the legal review"),
    "decision": _("Decide the case"),
    "service": _("Record a document's service"),
    "execution": _("Record the fine paid or the trees replanted"),
    "replanting_inspection": _("Record the replanting's inspection"),
    "performance_demand": _("Demand performance in writing"),
    "substitute": _("Decide substitute performance"),
    "substitute_done": _("Record the substitute performance done"),
    "payment_deferral": _("Approve a deferral or instalments"),
    "instalment_missed": _("Record a missed instalment"),
    "review_filed": _("Record a reconsideration or suit filed"),
    "review_ended": _("Record the end of the reconsideration or suit"),
    "court_demand": _("Demand payment before applying to the court"),
    "court_application": _("Apply to the people's court for enforcement"),
    "court_ruling": _("Record the court's ruling"),
    "referral_report": _("Report the suspected crime to the head"),
    "referral": _("Approve the referral to the police"),
    "referral_decline": _("Decide not to refer"),
    "referral_received": _("Record the police's receipt of the referral"),
    "referral_answer": _("Record the police's answer"),
    "transfer_close": _("Close the case on its transfer"),
    "referral_return": _("Record the case sent back for a penalty"),
    "close": _("Close the case"),
}


@login_required
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The cases the official sees; an official of an agency opens one by hand here."""
    may_open = bool(case_agency_ids(request.user, ENFORCEMENT_ROLES))
    form = CaseOpenForm(request.POST if request.method == "POST" and may_open else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data

        def act() -> Case:
            return services.case_open(**data, by=request.user, client_ip=client_ip(request))[0]

        answer = act_redirect(
            request,
            act,
            url=reverse("case-list"),
            done=DONE,
            next_url=lambda case: reverse("case-detail", args=[case.pk]),
            form=form,
        )
        if answer is not None:
            return answer
    rows = cases_visible_to(request.user).prefetch_related("payment_deferrals")
    if not rows.exists() and not may_open:
        raise Http404
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    listed = [(case, overdue_labels(case, today)) for case in page]
    context = {
        "page_obj": page,
        "rows": listed,
        "form": form if may_open else None,
        "errors": error_summary(form),
    }
    return render(request, "web/cases.html", context)


def _officers(text: str) -> list[str]:
    return [name for name in re.split(r"[\s,，、]+", text) if name]


def _services(
    request: AuthenticatedHttpRequest, case: Case
) -> dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], Any]]]:
    """The acts offered now: name → (form, the call of its service with the form's data)."""
    user = request.user
    keys: dict[str, Any] = {"case_id": case.pk, "by": user, "client_ip": client_ip(request)}
    head, official = access.is_head(user, case.agency_id), may_act(user, case)
    offered = _inquiry_services(request, case, head=head, official=official, keys=keys)
    offered.update(_hearing_services(case, head=head, official=official, keys=keys))
    offered.update(_outcome_services(case, head=head, official=official, keys=keys))
    offered.update(_substitute_services(case, head=head, official=official, keys=keys))
    offered.update(_collection_services(case, head=head, official=official, keys=keys))
    offered.update(_referral_services(request, case, keys))
    served = serving.servable_documents(case) if official else []
    if served:
        offered["service"] = (case_serve_form(served), lambda d: serving.case_serve(**d, **keys))
    return offered


def _inquiry_services(
    request: AuthenticatedHttpRequest,
    case: Case,
    *,
    head: bool,
    official: bool,
    keys: dict[str, Any],
) -> dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], Any]]]:
    """立案, the evidence, the prior notice, the party's answer and the legal review."""
    user, status = request.user, case.status
    offered: dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], Any]]] = {}
    if head and status == CaseStatus.OPENED:
        offered["register"] = (
            CaseRegisterForm,
            lambda d: services.case_register(party=d, **keys),
        )
    if official and status in (CaseStatus.REGISTERED, CaseStatus.INVESTIGATED):
        offered["evidence"] = (
            CaseEvidenceForm,
            lambda d: services.case_evidence(
                officers=_officers(d["officers"]),
                evidence=[{"kind": d["kind"], "description": d["description"]}],
                **keys,
            ),
        )
    if official and status == CaseStatus.INVESTIGATED:
        offered["prior_notice"] = (
            CasePriorNoticeForm,
            lambda d: services.case_prior_notice(**d, **keys),
        )
    if (
        official
        and status in (CaseStatus.NOTIFIED, CaseStatus.REVIEWED)
        and not case.statement_kind
    ):
        offered["statement"] = (
            CaseStatementForm,
            lambda d: services.case_statement(
                waived=d["answer"] == "waived",
                statement=d["statement"] if d["answer"] == "statement" else "",
                hearing_requested=d["answer"] == "hearing_requested",
                **keys,
            ),
        )
    if (
        may_act(user, case, (Role.LEGAL_REVIEWER,))
        and status == CaseStatus.NOTIFIED
        and not law.hearing_awaited(case)
    ):
        offered["legal_review"] = (
            CaseLegalReviewForm,
            lambda d: services.case_legal_review(**d, **keys),
        )
    return offered


def _outcome_services(
    case: Case, *, head: bool, official: bool, keys: dict[str, Any]
) -> dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], Any]]]:
    """The decision, its execution, the replanting's check and the close."""
    status = case.status
    offered: dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], Any]]] = {}
    if head and status in (CaseStatus.NOTIFIED, CaseStatus.REVIEWED) and not decision_wait(case):
        offered["decision"] = (CaseDecisionForm, lambda d: services.case_decide(**d, **keys))
    if official and status == CaseStatus.DECIDED and case.outcome == CaseOutcome.PENALTY:
        offered["execution"] = (CaseExecutionForm, lambda d: services.case_execute(**d, **keys))
    if official and _replanting_open(case):
        offered["replanting_inspection"] = (
            CaseReplantingInspectionForm,
            lambda d: services.case_replanting_inspect(
                **{**d, "officers": _officers(d["officers"])}, **keys
            ),
        )
    if head and status in (CaseStatus.DECIDED, CaseStatus.EXECUTED) and not close_wait(case):
        offered["close"] = (CaseCloseForm, lambda d: services.case_close(**d, **keys))
    return offered


def _referral_services(
    request: AuthenticatedHttpRequest, case: Case, keys: dict[str, Any]
) -> dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], Any]]]:
    """The referral to the police (the head, before the decision, once) and the police's
    answer (an official, while it is awaited)."""
    user = request.user
    # 移送规定 art. 5(2): the principal head approves or declines a referral.
    head, official = access.is_principal_head(user, case.agency_id), may_act(user, case)
    offered: dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], Any]]] = {}
    before = case.status in REFERABLE and not case.referred_at
    if official and before and not (case.to_refer and case.referral_approval_due):
        offered["referral_report"] = (
            CaseReferralReportForm,
            lambda d: referrals.case_referral_report(**d, **keys),
        )
    if head and before:
        thresholds = law.referral_thresholds(case.agency.jurisdiction_id)
        offered["referral"] = (
            CaseReferralForm.with_thresholds(thresholds),
            lambda d: services.case_refer(**d, **keys),
        )
        if case.to_refer:
            offered["referral_decline"] = (
                CaseReferralDeclineForm.with_thresholds(thresholds),
                lambda d: referrals.case_referral_decline(**d, **keys),
            )
    awaited = case.status == CaseStatus.REFERRED and not case.police_answer
    if official and awaited and not case.police_received_on:
        offered["referral_received"] = (
            CaseReferralReceivedForm,
            lambda d: referrals.case_referral_received(**d, **keys),
        )
    if official and awaited:
        offered["referral_answer"] = (
            CaseReferralAnswerForm,
            lambda d: services.case_referral_answer(
                accepted=d["accepted"] == "yes",
                answered_on=d["answered_on"],
                note=d["note"],
                **keys,
            ),
        )
    any_head = access.is_head(user, case.agency_id)
    offered.update(_police_case_services(case, head=any_head, official=official, keys=keys))
    return offered


def _police_case_services(
    case: Case, *, head: bool, official: bool, keys: dict[str, Any]
) -> dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], Any]]]:
    """A case the police opened: closed by the transfer (the head), or sent back for a penalty
    by a judicial authority (an official)."""
    if case.status != CaseStatus.REFERRED or case.police_answer != PoliceAnswer.ACCEPTED:
        return {}
    offered: dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], Any]]] = {}
    if head:
        offered["transfer_close"] = (
            CaseTransferCloseForm,
            lambda d: referrals.case_transfer_close(**d, **keys),
        )
    if official:
        offered["referral_return"] = (
            CaseReferralReturnForm,
            lambda d: referrals.case_referral_return(**d, **keys),
        )
    return offered


def _hearing_services(
    case: Case, *, head: bool, official: bool, keys: dict[str, Any]
) -> dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], Any]]]:
    """The hearing's acts (行政处罚法 art. 64): scheduled by the head once asked for, then
    recorded held or waived by an official."""
    if case.status not in (CaseStatus.NOTIFIED, CaseStatus.REVIEWED):
        return {}
    if case.statement_kind != StatementKind.HEARING_REQUESTED:
        return {}
    hearing = CaseHearing.objects.filter(case=case).first()
    offered: dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], Any]]] = {}
    if head and hearing is None:
        offered["hearing"] = (
            CaseHearingScheduleForm,
            lambda d: hearings.case_hearing_schedule(**d, **keys),
        )
    if head and hearing is not None and hearing.status == CaseHearingStatus.SCHEDULED:
        offered["hearing_postponement"] = (
            CaseHearingPostponeForm,
            lambda d: hearings.case_hearing_postpone(**d, **keys),
        )
        offered["hearing_recusal"] = (
            CaseHearingRecusalForm,
            lambda d: hearings.case_hearing_recusal(**d, **keys),
        )
    if official and (hearing is None or hearing.status == CaseHearingStatus.SCHEDULED):
        offered["hearing_record"] = (
            CaseHearingRecordForm,
            lambda d: hearings.case_hearing_record(
                held=d["answer"] == "held",
                waived=d["answer"] == "waived",
                record=d["record"],
                **keys,
            ),
        )
    return offered


def _substitute_services(
    case: Case, *, head: bool, official: bool, keys: dict[str, Any]
) -> dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], Any]]]:
    """代为履行 of a replanting past its day or failed (森林法 art. 81): the head's 催告 and
    decision, an official's record of the work done."""
    offered: dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], Any]]] = {}
    if not _replanting_open(case):
        return offered
    substitute = SubstitutePerformance.objects.filter(case=case).first()
    ground = execution.substitute_ground(case, timezone.localdate())
    if head and substitute is None and ground:
        offered["performance_demand"] = (
            CasePerformanceDemandForm,
            lambda d: execution.case_performance_demand(**d, **keys),
        )
    if head and substitute is None and ground and execution.demand_passed(case):
        offered["substitute"] = (
            CaseSubstituteForm,
            lambda d: execution.case_substitute_decide(**d, **keys),
        )
    if official and substitute is not None and substitute.done_on is None:
        offered["substitute_done"] = (
            CaseSubstituteDoneForm,
            lambda d: execution.case_substitute_done(**d, **keys),
        )
    return offered


def _collection_services(
    case: Case, *, head: bool, official: bool, keys: dict[str, Any]
) -> dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], Any]]]:
    """The fine collected: a deferral or instalments (the head) and a missed one, a
    reconsideration or suit filed and ended (officials), the court's demand, application (the
    head) and ruling (officials). The page asks the service's rules of the periods
    (``enforcement.collection``), so that it offers only a step the service takes."""
    offered: dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], Any]]] = {}
    if case.outcome != CaseOutcome.PENALTY or case.status not in (
        CaseStatus.DECIDED,
        CaseStatus.EXECUTED,
    ):
        return offered
    today = timezone.localdate()
    unpaid = bool(case.fine) and case.fine_paid_on is None and case.status == CaseStatus.DECIDED
    deferral = PaymentDeferral.objects.filter(case=case).order_by("-approved_at", "-pk").first()
    running = deferral is not None and deferral.missed_on is None and deferral.pay_by >= today
    by_instalments = running and deferral is not None and deferral.kind == DeferralKind.INSTALMENTS
    if head and unpaid and not running:
        offered["payment_deferral"] = (
            CasePaymentDeferralForm,
            lambda d: collection.case_payment_defer(**d, **keys),
        )
    if official and unpaid and by_instalments:
        offered["instalment_missed"] = (
            CaseInstalmentMissedForm,
            lambda d: collection.case_instalment_missed(**d, **keys),
        )
    pending = CaseReview.objects.filter(case=case, ended_on__isnull=True).exists()
    if official and pending:
        offered["review_ended"] = (
            CaseReviewEndedForm,
            lambda d: collection.case_review_end(**d, **keys),
        )
    elif official:
        offered["review_filed"] = (
            CaseReviewFiledForm,
            lambda d: collection.case_review_file(**d, **keys),
        )
    if case.status == CaseStatus.DECIDED and not pending:
        offered.update(_court_services(case, head=head, official=official, keys=keys, today=today))
    return offered


def _court_services(
    case: Case, *, head: bool, official: bool, keys: dict[str, Any], today: date
) -> dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], Any]]]:
    """The court's steps for a decided case with no review pending: the 催告 and the
    application (the head), the ruling (officials)."""
    offered: dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], Any]]] = {}
    court = CourtEnforcement.objects.filter(case=case).first()
    # The kernel's rules of the periods, asked here too: a demand before the fine is overdue
    # (行政强制法 art. 54: 当事人…未履行义务), an application before the demand's service is
    # recorded (art. 54: 催告书送达十日后) or before the party's time to sue has passed (art. 53)
    # is refused, so its form would only ever be answered 409.
    if head and court is None and collection.court_demand_open(case, today):
        offered["court_demand"] = (
            CaseCourtDemandForm,
            lambda d: collection.case_court_demand(**d, **keys),
        )
    if (
        head
        and court is not None
        and court.applied_on is None
        and collection.court_apply_open(case, court, today)
    ):
        offered["court_application"] = (
            CaseCourtApplicationForm,
            lambda d: collection.case_court_apply(**d, **keys),
        )
    if official and court is not None and court.applied_on is not None and not court.ruling:
        offered["court_ruling"] = (
            CaseCourtRulingForm,
            lambda d: collection.case_court_ruling(**d, **keys),
        )
    return offered


def _replanting_open(case: Case) -> bool:
    return (
        case.status in (CaseStatus.DECIDED, CaseStatus.EXECUTED)
        and bool(case.replant_trees)
        and case.replant_accepted_on is None
    )


@login_required
def case_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The case, its documents and the forms of the acts its step offers the user."""
    try:
        case = case_get_visible(request.user, pk)
    except NotVisible:
        raise Http404 from None
    url = reverse("case-detail", args=[case.pk])
    offered = _services(request, case)
    action = posted_action(request)
    forms_shown = {name: form_class() for name, (form_class, _call) in offered.items()}
    if action in offered:
        form_class, call = offered[action]
        form = form_class(request.POST, request.FILES)
        forms_shown[action] = form
        if form.is_valid():
            data = form.service_data() if isinstance(form, ServiceForm) else form.cleaned_data
            answer = act_redirect(request, lambda: call(data), url=url, done=DONE, form=form)
            if answer is not None:
                return answer
    court = CourtEnforcement.objects.filter(case=case).first()
    context = {
        "case": case,
        "party_id": masked_id_number(case.party_id_number),
        "natural_person": is_natural_person(case),
        "documents": case.documents.all(),
        "overdue": overdue_labels(case, timezone.localdate()),
        "referral_step": referral_step_due(case),
        "inspections": case.replanting_inspections.prefetch_related("officers"),
        "surcharge": law.surcharge_as_of(case, timezone.localdate()),
        "hearing_changes": CaseHearingChange.objects.filter(hearing__case=case).select_related(
            "presiding", "document"
        ),
        "demands": case.performance_demands.select_related("document"),
        "services": case.services.select_related("document", "receipt"),
        "substitute": SubstitutePerformance.objects.filter(case=case).first(),
        "deferrals": case.payment_deferrals.select_related("document"),
        "reviews": case.reviews.all(),
        "court": court,
        "court_demand_served_on": collection.demand_served_on(court) if court else None,
        "thresholds": law.referral_thresholds(case.agency.jurisdiction_id)
        if "referral" in offered
        else [],
        "decision_wait": _decision_wait(case),
        "forms": forms_shown,
        "acts": [(name, ACT_TITLES[name], form) for name, form in forms_shown.items()],
        "errors": error_summary(*forms_shown.values()),
    }
    return render(request, "web/case_detail.html", context)


def _decision_wait(case: Case) -> str:
    """Why no decision is offered yet at the decision's step ("" when it may be made)."""
    if case.status not in (CaseStatus.NOTIFIED, CaseStatus.REVIEWED):
        return ""
    wait = decision_wait(case)
    return "" if wait is None else str(wait.problems[0].message)


@login_required
def case_document(request: AuthenticatedHttpRequest, pk: int, document: int) -> HttpResponse:
    try:
        case = case_get_visible(request.user, pk)
    except NotVisible:
        raise Http404 from None
    row = case.documents.filter(pk=row_id(document) or 0).first()
    if row is None:
        raise Http404
    return HttpResponse(document_pdf(row.content), content_type="application/pdf")
