"""Review tasks: the work queue, the review page with its decision form, claim and release."""

from collections.abc import Callable, Collection
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from viewflow.workflow.models import Task

from core.errors import InvalidInput, RulesViolated
from core.messages import (
    MSG_CLAIMED,
    MSG_COUNTERSIGNED,
    MSG_DECIDED,
    MSG_DECIDED_REQUEST,
    MSG_HEARING_HELD_DONE,
    MSG_HEARING_HELD_DONE_APPROVAL,
    MSG_HEARING_OFFERED_DONE,
    MSG_NOT_YOUR_STEP_HEARINGS,
    MSG_NOT_YOUR_STEP_PARTIES,
    MSG_NOT_YOUR_STEP_PROCEDURES,
    MSG_NOT_YOUR_STEP_SITECHECKS,
    MSG_PARTY_AGREEMENT_CONFIRMED,
    MSG_PARTY_ANSWERED,
    MSG_PARTY_NOTIFIED,
    MSG_PARTY_SERVED,
    MSG_PROCEDURE_ENDED,
    MSG_PROCEDURE_STARTED,
    MSG_SITE_CHECK_RECORDED,
    MSG_UNCLAIMED,
)
from documents.content import worded
from licensing import requests as permit_requests
from licensing.selectors import permit_request_of
from permits import access
from permits.choices import DECISIONS_WITH_GROUNDS, Decision, Kind, Step
from permits.models import Application, Filing
from permits.readmemo import reading_once
from permits.selectors import (
    after_review_for,
    client_ip,
    obligations_overdue_for,
)
from roles.models import Agency
from supervision import services as supervision_services
from supervision.selectors import filing_of_task, filings_by_pk
from workflows import selectors
from workflows import services as task_services
from workflows.engine import WAITING_TASK_STATUSES

from . import returns
from .applications import application_context
from .common import (
    PAGE_SIZE,
    AuthenticatedHttpRequest,
    FormError,
    _visible_task,
    act_redirect,
    error_summary,
    form_act,
    is_confirmed,
    posted_to,
    refusals,
    render_confirmation,
)
from .forms.common import PostedForm, problems_to_form
from .forms.hearings import HearingHoldForm, HearingOfferForm
from .forms.obligations import filing_lines, filing_return_targets
from .forms.parties import InterestedPartyAnswerForm
from .forms.procedures import SpecialProcedureEndForm, SpecialProcedureForm
from .forms.returns import BaseReturnItemFormSet, return_item_formset
from .forms.sitechecks import SiteCheckForm
from .forms.tasks import DecisionForm, TaskFilterForm
from .hearings import hold_form, task_hearings_context
from .parties import (
    answer_form,
    task_parties_context,
)
from .people import extend_help, reassign_form, task_clock
from .procedures import (
    procedure_start_form,
    running_procedure,
    task_procedure_context,
)
from .sitechecks import (
    site_check_posted,
    task_site_check_context,
)

# The steps of a holder's request after the grant (licensing.flows).
REQUEST_STEPS = (Step.REQUEST_ACCEPTANCE, Step.REQUEST_REVIEW)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


QUEUE_LABELS = {
    "inbox": _("My tasks"),
    "queue": _("To claim"),
    "archive": _("Done"),
    "agency": _("My agency"),
}

# The open queues sort by the step's due date unless the user picks another order (product.md
# §11); what is done keeps its latest first.
QUEUE_DEFAULT_ORDERING = {"inbox": "due_date", "queue": "due_date", "agency": "due_date"}


@login_required
def task_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    counts = {q: selectors.tasks_for_user(user=user, queue=q).count() for q in ("inbox", "queue")}
    # Heads (负责人) also follow their agency's open tasks; a head who reviews nothing starts there.
    heads = bool(access.head_agencies(user))
    queues = [q for q in selectors.QUEUES if q != "agency" or heads]
    queue = request.GET.get("queue")
    if queue not in queues:
        queue = "queue" if not counts["inbox"] and counts["queue"] else "inbox"
        if heads and not access.is_reviewer(user):
            queue = "agency"
    form = TaskFilterForm(request.GET or None)
    tasks = selectors.tasks_for_user(user=user, queue=queue)
    count = counts.get(queue)  # the tab's, while no filter narrows the list
    filters_set = form.is_bound and any(form.data.get(name) for name in form.FOLDED)
    ordering = QUEUE_DEFAULT_ORDERING.get(queue)
    if form.is_valid():
        data = form.cleaned_data
        filters: dict[str, Any] = {
            "kind": data["kind"] or None,
            "district": data["district"].pk if data["district"] else None,
            "overdue": {"1": True, "0": False}.get(data["overdue"]),
            "step": data["step"] or None,
            "q": data["q"] or None,
        }
        if any(value is not None for value in filters.values()):
            count = None
        tasks = selectors.tasks_filter(tasks, **filters)
        ordering = data["ordering"] or ordering
    tasks = selectors.tasks_order(tasks, ordering)
    paginator = Paginator(tasks, PAGE_SIZE)
    if count is not None:
        paginator.count = count  # a cached_property: not counted again
    page = paginator.get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "web/task_queue.html",
        {
            "queue": queue,
            "tabs": [(q, QUEUE_LABELS[q], counts.get(q)) for q in queues],
            "may_declare_absence": access.is_reviewer(user) or heads,
            "filter_form": form,
            "filters_set": filters_set,
            "page_obj": page,
            "rows": task_rows(list(page), today),
            "overdue_reports": obligations_overdue_for(user, today).count(),
            # What the user's agency owes after its review: the fee, the national decision.
            "after_review": after_review_for(user),
        },
    )


def task_rows(tasks: list[Task], today: date) -> list[dict[str, Any]]:
    """The rows of a list of tasks, their clocks and their agencies read in one query each."""
    deadlines = selectors.tasks_deadlines(tasks, today)
    agencies = selectors.agencies_by_pk(task.owner_permission_obj_pk for task in tasks)
    filings = filings_by_pk(task.process.permitprocess.filing_id for task in tasks)
    hearings_late = selectors.tasks_with_hearing_overdue((task.pk for task in tasks), today)
    return [
        {
            **_task_row(
                task,
                deadlines[task.pk],
                agencies[str(task.owner_permission_obj_pk)],
                filings.get(task.process.permitprocess.filing_id),
            ),
            "hearing_overdue": task.pk in hearings_late,
        }
        for task in tasks
    ]


def _task_row(
    task: Task, deadline: dict[str, Any], agency: Agency, filing: Filing | None = None
) -> dict[str, Any]:
    step = task_services.task_step(task)
    return {
        "task": task,
        "application": selectors.task_application(task),
        "step": step.label,
        # A filing's review names the obligation filed: two of one permit differ by it.
        "obligation": filing.obligation if filing is not None else None,
        # Parallel countersigns differ only by the agency consulted.
        "agency": agency if step == Step.CONSULTATION else None,
        "created": task.created,
        "due_date": deadline["due_date"],
        "working_days_left": deadline["working_days_left"],
        "paused": deadline["paused"],
        "overdue": deadline["overdue"],
        "decision": _decision_label((task.data or {}).get("decision", "")),
    }


def _decision_label(value: str) -> str:
    return str(Decision(value).label) if value in Decision.values else value


def _task_and_application(request: HttpRequest, task_id: int) -> tuple[Task, Application]:
    """The human task and its application's type row, or 404 when the application is not visible."""
    task = _visible_task(request, task_id)
    return task, selectors.task_application(task).detail


@login_required
def task_detail(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    """The review page: the application as the reviewer sees it, and the decision form.

    The municipal approver sees every countersign of this pass first; a disagreement makes a
    written reason necessary to approve (the service enforces it, the form says so)."""
    task, application = _task_and_application(request, task_id)
    return _task_page(
        request, task, application, request.POST if request.method == "POST" else None
    )


def _task_page(
    request: AuthenticatedHttpRequest,
    task: Task,
    application: Application,
    data: QueryDict | None,
    **forms: Any,
) -> HttpResponse:
    """The page with the decision posted in ``data`` (None: as a GET shows it). ``forms``: a
    refused post's procedure, site check or answer form, shown again with what was typed
    (``_render_task``'s keywords)."""
    review = _review_facts(request.user, task, application)
    form = DecisionForm(
        data,
        step=review["step"],
        disagreement=review["disagreement"],
        grounds=review["grounds"],
        flagged=review["flagged"],
        decisions=review["decisions"],
        blocking=review["blocking"],
    )
    adding_item = data is not None and "add_item" in data
    items = return_item_formset(
        data, kind=application.kind, add_row=adding_item, targets=review["targets"]
    )
    refused: dict[str, list[Any]] = {"policy": [], "items": []}
    checked = data is not None and not adding_item
    posted = checked and _decision_valid(form, items)
    if posted and (response := _decision_posted(request, task, form, items, review, refused)):
        return response
    context = _decision_context(review, form, items, refused, checked=checked)
    return _render_task(request, task, application, context, **forms)


def _review_facts(
    user: User | AnonymousUser, task: Task, application: Application
) -> dict[str, Any]:
    """What the decision form rests on at this step: the countersigns the municipal approver
    weighs, the grounds, the agency's authority by area, the decisions offered and what a
    return may name (a filing's items, a holder's request)."""
    step = task_services.task_step(task)
    countersigns = (
        list(selectors.countersigns_visible(user, application))
        if step == Step.MUNICIPAL_REVIEW
        else []
    )
    grounds, flagged = selectors.grounds_choice(application, step)
    blocking = (
        task_services.standing_blocking(application)
        if step in (Step.DISTRICT_REVIEW, Step.MUNICIPAL_REVIEW)
        and task.status in WAITING_TASK_STATUSES
        else []
    )
    # Beyond the agency's authority by area (product.md §16 L6): forward or return, nothing else.
    authority = (
        task_services.authority_of(application, task)
        if application.kind == Kind.OCCUPATION and task.status in WAITING_TASK_STATUSES
        else None
    )
    decisions = [Decision.FORWARD, Decision.RETURN] if authority and authority.national else None
    # A filing after the approval (product.md §17): its decisions and what a return may name.
    filing = filing_of_task(task) if step == Step.OBLIGATION_REVIEW else None
    targets = None
    if filing is not None:
        decisions = list(supervision_services.decisions_offered(task, application))
        targets = filing_return_targets(filing.obligation.kind)
    # A holder's request after the grant (product.md §18): accept or not, then grant or refuse.
    permit_request = permit_request_of(task) if step in REQUEST_STEPS else None
    if permit_request is not None:
        decisions = list(permit_requests.decisions_offered(task, permit_request))
    return {
        "step": step,
        "countersigns": countersigns,
        "disagreement": any(c.decision == Decision.DISAGREE for c in countersigns),
        "grounds": grounds,
        "flagged": flagged,
        "blocking": blocking,
        "authority": authority,
        "decisions": decisions,
        "filing": filing,
        "targets": targets,
        "permit_request": permit_request,
    }


def _decision_posted(
    request: AuthenticatedHttpRequest,
    task: Task,
    form: DecisionForm,
    items: BaseReturnItemFormSet,
    review: dict[str, Any],
    refused: dict[str, list[Any]],
) -> HttpResponse | None:
    """The valid decision sent to ``task_decide``: the confirmation page, the redirect after
    success or a conflict, or None with the refusals the page shows put in ``refused``."""
    if confirmation := _confirmation(request, task, form):
        return confirmation
    returning = form.cleaned_data["decision"] == Decision.RETURN
    task_url = reverse("task-detail", args=[task.pk])
    with refusals(
        request, form=form, conflict_url=task_url, leave=(RulesViolated, InvalidInput)
    ) as outcome:
        _task, application = task_services.task_decide(
            task_id=task.pk,
            by=request.user,
            decision=form.cleaned_data["decision"],
            opinion=form.cleaned_data["opinion"],
            items=items.items() if returning else None,
            # Ticked grounds go only with the decision that rests on them (a flagged rule is
            # ticked beforehand, whatever the reviewer decides).
            grounds=form.cleaned_data.get("grounds")
            if form.cleaned_data["decision"] in DECISIONS_WITH_GROUNDS
            else None,
            overrides=form.overrides()
            if form.cleaned_data["decision"] == Decision.APPROVE
            else None,
            client_ip=client_ip(request),
        )
    if outcome.response:
        return outcome.response
    if isinstance(outcome.error, RulesViolated):
        # A policy refusal (O3) is no typing mistake: it is shown with its rule and clause.
        refused["policy"] = [problem.as_dict() for problem in outcome.error.problems]
    elif isinstance(outcome.error, InvalidInput):
        refused["items"] = _item_refusals(outcome.error, form)
    elif outcome.succeeded:
        if review["step"] == Step.CONSULTATION:
            messages.success(request, MSG_COUNTERSIGNED)
        elif (permit_request := review["permit_request"]) is not None:
            decided = Decision(form.cleaned_data["decision"]).label
            what = permit_request.get_kind_display()
            messages.success(request, MSG_DECIDED_REQUEST % {"request": what, "decision": decided})
        else:
            status = application.get_status_display()
            messages.success(request, MSG_DECIDED % {"status": status})
        return redirect("tasks:index")
    return None


def _decision_context(
    review: dict[str, Any],
    form: DecisionForm,
    items: BaseReturnItemFormSet,
    refused: dict[str, list[Any]],
    *,
    checked: bool,
) -> dict[str, Any]:
    """The decision card: the form, the return's rows where a return is offered, the errors of
    a checked post (``checked``: posted, not only adding a row) and the review's facts."""
    items_checked = checked
    step, decisions = review["step"], review["decisions"]
    returns_offered = Decision.RETURN in (decisions or [Decision.RETURN])
    item_formset = items if step != Step.CONSULTATION and returns_offered else None
    summary = error_summary(form, *(item_formset or ())) if items_checked else []
    if items_checked and item_formset is not None:
        summary += [FormError(str(error)) for error in item_formset.non_form_errors()]
    filing = review["filing"]
    return {
        "decision_form": form,
        "error_summary": summary + [FormError(message) for message in refused["items"]],
        "item_formset": item_formset,
        "items_checked": items_checked,
        "item_refusals": refused["items"],
        "step": step,
        "countersigns": review["countersigns"],
        "disagreement": review["disagreement"],
        "refusals": refused["policy"],
        "reason_against_disagreement": task_services.MSG_REASON_AGAINST_DISAGREEMENT,
        "authority": review["authority"],
        "filing": filing,
        "filing_lines": filing_lines(filing) if filing is not None else [],
        "permit_request": review["permit_request"],
    }


# Decisions that end the application for good ask for confirmation (web/common.py).
IRREVERSIBLE_DECISIONS = {
    Decision.REJECT: (
        _("Reject the application"),
        _(
            "A rejection is final: the application ends as rejected and a refusal decision "
            "(不予许可决定书) is issued with your reasons and the notice of the applicant's "
            "remedies."
        ),
        _("Reject"),
    ),
    Decision.NOT_ACCEPT: (
        _("Do not accept the application"),
        _(
            "The application ends as not accepted and a decision of non-acceptance "
            "(不予受理决定书) is issued with your reasons and the notice of the applicant's "
            "remedies."
        ),
        _("Do not accept"),
    ),
}


def _confirmation(request: HttpRequest, task: Task, form: DecisionForm) -> HttpResponse | None:
    """The confirmation page of an irreversible decision not yet confirmed, else None (the
    service then decides; without an opinion it refuses with a field error, changing nothing)."""
    decision = form.cleaned_data["decision"]
    opinion = (form.cleaned_data.get("opinion") or "").strip()
    if decision not in IRREVERSIBLE_DECISIONS or is_confirmed(request) or not opinion:
        return None
    if not (selectors.task_is_open(task) and access.can_act_on_task(request.user, task)):
        return None  # nothing to confirm: the service says why it refuses
    title, consequence, button = IRREVERSIBLE_DECISIONS[decision]
    return render_confirmation(
        request,
        title=title,
        consequence=consequence,
        form=form,
        reason_field="opinion",
        action_url=request.path,
        cancel_url=request.path,
        button=button,
        keep=tuple(request.POST),
    )


def _decision_valid(form: DecisionForm, items: BaseReturnItemFormSet) -> bool:
    """The decision form, and the return's rows when returning (other decisions ignore them)."""
    if not form.is_valid():
        return False
    decision: str = form.cleaned_data["decision"]
    return decision != Decision.RETURN or items.is_valid()


def _item_refusals(error: InvalidInput, form: DecisionForm) -> list[str]:
    """The service's refusal of the return's items (shown above the rows); the rest goes to the
    decision form."""
    items = [str(p.message) for p in error.problems or [] if p.field == "items"]
    others = [p for p in error.problems or [] if p.field != "items"]
    if others or not error.problems:
        problems_to_form(form, InvalidInput(error.detail, problems=others))
    return items


@reading_once()
def _render_task(
    request: AuthenticatedHttpRequest,
    task: Task,
    application: Application,
    extra: dict[str, Any],
    **forms: Any,
) -> HttpResponse:
    """The task page; ``forms``: a refused act's bound form to show again (``_section_context``)."""
    user = request.user
    context = application_context(application, user)
    step_clock = task_clock(task)
    # Every button and form of the task's own acts comes from ``actions``.
    actions = selectors.task_actions(
        user=user, task=task, application=application, step_clock=step_clock
    )
    agency = task_services.task_agency(task)
    context.update(
        {
            "task": task,
            "row": _task_row(task, selectors.task_deadline(task), agency),
            "step_clock": step_clock,
            "actions": actions,
            "may_extend": "extend" in actions,
            "extend_help": extend_help(application, context["legal_period"])
            if "extend" in actions
            else "",
            "agency": agency,
            "is_open": selectors.task_is_open(task),
            "can_act": "decide" in actions,
            "is_mine": "unclaim" in actions,
            "can_claim": "claim" in actions,
            "changes": returns.changes_for(task, application.kind),
            "reassign_form": reassign_form(task, offered="reassign" in actions),
            **_section_context(user, task, application, context, actions, **forms),
            **extra,
        }
    )
    return render(request, "web/task_detail.html", context)


def _section_context(
    user: User,
    task: Task,
    application: Application,
    context: dict[str, Any],
    actions: Collection[str],
    *,
    procedure_form: SpecialProcedureForm | None = None,
    procedure_end_form: SpecialProcedureEndForm | None = None,
    site_check_form: SiteCheckForm | None = None,
    party_answer: tuple[int, InterestedPartyAnswerForm] | None = None,
    hearing_offer: HearingOfferForm | None = None,
    hearing_hold: HearingHoldForm | None = None,
) -> dict[str, Any]:
    """The task page's sections beside the decision: special procedures, site checks,
    interested parties and hearings, each with its form when its act is offered."""
    return {
        **task_procedure_context(
            task,
            application,
            context["special_procedures"],
            offered="special_procedure" in actions,
            procedure_form=procedure_form,
            procedure_end_form=procedure_end_form,
        ),
        **task_site_check_context(
            user,
            task,
            application,
            context["site_checks"],
            offered="site_check" in actions,
            form=site_check_form,
        ),
        **task_parties_context(
            task,
            application,
            context["interested_parties"],
            offered="interested_parties" in actions,
            form=party_answer[1] if party_answer else None,
            form_notice_id=party_answer[0] if party_answer else None,
        ),
        **task_hearings_context(
            task,
            application,
            offer_offered="hearing_notice" in actions,
            hold_offered="hearing" in actions,
            offer=hearing_offer,
            hold=hearing_hold,
        ),
    }


def _task_action(
    request: AuthenticatedHttpRequest,
    task_id: int,
    action: Callable[..., object],
    success_message: "StrOrPromise",
) -> HttpResponse:
    _task_and_application(request, task_id)
    with refusals(request) as outcome:
        action(task_id=task_id, by=request.user, client_ip=client_ip(request))
    if outcome.succeeded:
        messages.success(request, success_message)
    return redirect("task-detail", task_id=task_id)


@login_required
@require_POST
def task_claim(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    return _task_action(request, task_id, task_services.task_claim, MSG_CLAIMED)


@login_required
@require_POST
def task_unclaim(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    return _task_action(request, task_id, task_services.task_unclaim, MSG_UNCLAIMED)


@login_required
@require_POST
def task_procedure_start(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    """Record a special procedure (art. 45) on the task's step: the decision period pauses. A
    form the page offers and the user got wrong comes back with its errors; once the task has
    moved on (closed, a procedure already running) the service says why."""
    task, application = _task_and_application(request, task_id)
    _may_record(request, task, MSG_NOT_YOUR_STEP_PROCEDURES)
    form = procedure_start_form(application, request.POST)
    offered = selectors.task_offers_special_procedure(request.user, task)
    running = running_procedure(task, selectors.special_procedures_of(application))
    return _task_record(
        request,
        task,
        application,
        form,
        posted_to(request, form, task_services.special_procedure_start, task_id=task.pk),
        shown={"procedure_form": form},
        done=MSG_PROCEDURE_STARTED,
        offered=offered and running is None,
    )


@login_required
@require_POST
def task_procedure_end(
    request: AuthenticatedHttpRequest, task_id: int, procedure_id: int
) -> HttpResponse:
    """Record the end of the task's special procedure with its result and files: the decision
    period runs again."""
    task, application = _task_and_application(request, task_id)
    procedures = list(selectors.special_procedures_of(application))
    if not any(p.pk == procedure_id for p in procedures):
        raise Http404
    _may_record(request, task, MSG_NOT_YOUR_STEP_PROCEDURES)
    form = SpecialProcedureEndForm(request.POST, request.FILES)
    offered = selectors.task_offers_special_procedure(request.user, task)
    running = running_procedure(task, procedures)
    return _task_record(
        request,
        task,
        application,
        form,
        posted_to(request, form, task_services.special_procedure_end, procedure_id=procedure_id),
        shown={"procedure_end_form": form},
        done=MSG_PROCEDURE_ENDED,
        fields={"file": "result_files"},
        offered=offered and running is not None and running.pk == procedure_id,
    )


@login_required
@require_POST
def task_site_check_record(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    """Record a site check (现场查验) on the district task of an occupation, with its files. A
    form the page offers and the user got wrong comes back with its errors and what was typed;
    once the task has moved on the service says why."""
    task, application = _task_and_application(request, task_id)
    _may_record(request, task, MSG_NOT_YOUR_STEP_SITECHECKS)
    form = site_check_posted(request, task, application)
    return _task_record(
        request,
        task,
        application,
        form,
        posted_to(request, form, task_services.site_check_record, task_id=task.pk),
        shown={"site_check_form": form},
        done=MSG_SITE_CHECK_RECORDED,
        fields={"file": "record_files"},
        offered=selectors.task_offers_district_records(request.user, task, application),
    )


@login_required
@require_POST
def task_interested_party_notify(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    """Issue a 利害关系人告知书 to one holder of the occupation's land (the button of its row);
    the service says why it refuses (the task closed, the holder told already)."""
    task, _application = _task_and_application(request, task_id)
    _may_record(request, task, MSG_NOT_YOUR_STEP_PARTIES)
    return _parties_act(
        request,
        task,
        lambda: task_services.interested_party_notify(
            task_id=task.pk,
            by=request.user,
            holder_credit_code=request.POST.get("holder_credit_code"),
            client_ip=client_ip(request),
        ),
        MSG_PARTY_NOTIFIED,
    )


@login_required
@require_POST
def task_interested_party_served(
    request: AuthenticatedHttpRequest, task_id: int, notice_id: int
) -> HttpResponse:
    """Record the day a notice was served on its holder (its period runs from it)."""
    task, application = _task_and_application(request, task_id)
    if not selectors.interested_party_notices_of(application).filter(pk=notice_id).exists():
        raise Http404
    _may_record(request, task, MSG_NOT_YOUR_STEP_PARTIES)
    return _parties_act(
        request,
        task,
        lambda: task_services.interested_party_served(
            notice_id=notice_id,
            by=request.user,
            served_on=request.POST.get("served_on"),
            client_ip=client_ip(request),
        ),
        MSG_PARTY_SERVED,
    )


@login_required
@require_POST
def task_compensation_confirm(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    """A reviewer confirms that an attached compensation agreement names a holder."""
    task, _application = _task_and_application(request, task_id)
    _may_record(request, task, MSG_NOT_YOUR_STEP_PARTIES)
    return _parties_act(
        request,
        task,
        lambda: task_services.compensation_agreement_confirm(
            task_id=task.pk,
            by=request.user,
            attachment_id=request.POST.get("attachment_id"),
            holder_credit_code=request.POST.get("holder_credit_code"),
            client_ip=client_ip(request),
        ),
        MSG_PARTY_AGREEMENT_CONFIRMED,
    )


@login_required
@require_POST
def task_interested_party_answer(
    request: AuthenticatedHttpRequest, task_id: int, notice_id: int
) -> HttpResponse:
    """Record a told holder's answer. A form the page offers and the user got wrong comes back
    with its errors and what was typed; once the task has moved on the service says why."""
    task, application = _task_and_application(request, task_id)
    notices = selectors.interested_party_notices_of(application)
    if not notices.filter(pk=notice_id, task_id=task.pk).exists():
        raise Http404
    _may_record(request, task, MSG_NOT_YOUR_STEP_PARTIES)
    form = answer_form(notice_id, request.POST)
    return _task_record(
        request,
        task,
        application,
        form,
        posted_to(request, form, task_services.interested_party_answer, notice_id=notice_id),
        shown={"party_answer": (notice_id, form)},
        done=MSG_PARTY_ANSWERED,
        next_url=f"{_task_url(task)}#interested-parties",
        offered=selectors.task_offers_district_records(request.user, task, application),
    )


@login_required
@require_POST
def task_hearing_offer(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    """Offer a hearing (arts. 46, 47): the notices to the applicant and each interested party.
    A refused post comes back with its errors and what was typed."""
    task, application = _task_and_application(request, task_id)
    _may_record(request, task, MSG_NOT_YOUR_STEP_HEARINGS)
    form = HearingOfferForm(request.POST)
    actions = selectors.task_actions(user=request.user, task=task, application=application)
    return _task_record(
        request,
        task,
        application,
        form,
        posted_to(request, form, task_services.hearing_offer, task_id=task.pk),
        shown={"hearing_offer": form},
        done=MSG_HEARING_OFFERED_DONE,
        next_url=f"{_task_url(task)}#hearings",
        offered="hearing_notice" in actions,
    )


@login_required
@require_POST
def task_hearing_hold(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    """Record the hearing asked for as held, with its record and the signed file (art. 48)."""
    task, application = _task_and_application(request, task_id)
    _may_record(request, task, MSG_NOT_YOUR_STEP_HEARINGS)
    form = hold_form(task, application, request.POST, request.FILES)
    actions = selectors.task_actions(user=request.user, task=task, application=application)
    return _task_record(
        request,
        task,
        application,
        form,
        posted_to(request, form, task_services.hearing_hold, task_id=task.pk),
        shown={"hearing_hold": form},
        done=worded(application, MSG_HEARING_HELD_DONE, MSG_HEARING_HELD_DONE_APPROVAL),
        fields={"file": "record_files", "files": "record_files"},
        next_url=f"{_task_url(task)}#hearings",
        offered="hearing" in actions,
    )


def _task_url(task: Task) -> str:
    return reverse("task-detail", args=[task.pk])


def _parties_act(
    request: AuthenticatedHttpRequest,
    task: Task,
    act: Callable[[], object],
    done: "StrOrPromise",
) -> HttpResponse:
    """A button of the interested parties' section (a notice, its service, an agreement
    confirmed): the act, then back to the section, with the service's refusal if any."""
    parties_url = f"{_task_url(task)}#interested-parties"
    response = act_redirect(request, act, url=_task_url(task), done=done, next_url=parties_url)
    return response or redirect(parties_url)


def _may_record(request: AuthenticatedHttpRequest, task: Task, refusal: "StrOrPromise") -> None:
    """The task's own records (procedures, site checks, interested parties) are its step's
    officials' (403 with ``refusal`` before any form)."""
    if not access.may_record_special_procedure(request.user, task):
        raise PermissionDenied(str(refusal))


def _task_record(
    request: AuthenticatedHttpRequest,
    task: Task,
    application: Application,
    form: PostedForm,
    act: Callable[[], object],
    *,
    shown: dict[str, Any],
    **options: Any,
) -> HttpResponse:
    """A record posted from the task page: ``form_act`` back to the task; else the page again
    with the form as typed (``shown``: its keyword of ``_render_task``)."""
    response = form_act(request, form, act, url=_task_url(task), **options)
    return response or _task_page(request, task, application, None, **shown)
