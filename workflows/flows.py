"""Orchestration only: which human tasks come next. No rules, no permission logic.

The application's legal status is decided by permits/workflows services (django-fsm-2) from
the route table; the flows read that outcome through named predicates and create the tasks.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.activation import Activation
from viewflow.workflow.models import Process

from permits.choices import Status, Step
from permits.models import Application
from roles.models import Agency

from .engine.nodes import ProcessEnd, StatusIf, StatusSwitch
from .models import PermitProcess, ResolvedRoute
from .nodes import AgencyView, SplitPerItem
from .views import TaskDecideView

DISTRICT_REVIEW_PERMISSION = "roles.review_for_agency"
COUNTERSIGN_PERMISSION = "roles.countersign_for_agency"
MUNICIPAL_REVIEW_PERMISSION = "roles.approve_for_agency"


# viewflow ships no types: a process (``coerced``: our PermitProcess) and an activation read as
# Any, so the application they hold is named once to type what is read from it.


def district_agency_of(process: Process) -> Agency | None:
    application: Application = process.coerced.application
    return application.district_agency


def lead_agency_of(process: Process) -> Agency | None:
    application: Application = process.coerced.application
    return application.lead_agency


def _status(activation: Activation) -> str:
    status: str = activation.process.coerced.application.status  # FSMField: Any too
    return status


def awaiting_acceptance(activation: Activation) -> bool:
    """A new submission (or one answering an acceptance-stage return): acceptance first."""
    return _status(activation) == Status.SUBMITTED


def resumed_at_district_review(activation: Activation) -> bool:
    """Accepted, or resubmitted after the district step returned it: the district step."""
    return _status(activation) == Status.DISTRICT_REVIEW


def forwarded_to_municipal_review(activation: Activation) -> bool:
    """The district step approved and the route has a municipal step next."""
    return _status(activation) == Status.MUNICIPAL_REVIEW


def sent_to_consultation(activation: Activation) -> bool:
    """The district step approved and the route consults other agencies first."""
    return _status(activation) == Status.CONSULTATION


def consulted_agencies(activation: Activation) -> list[dict[str, Any]]:
    """One countersign task per agency the frozen route consults (data: the agency's id)."""
    route: ResolvedRoute = activation.process.coerced.frozen_route
    return [{"agency_id": agency.pk} for agency in route.consulted_agencies]


# Which review step each human node of the flows is; the only link between node names and steps.
NODE_STEP: dict[str, Step] = {
    "acceptance": Step.ACCEPTANCE,
    "district_review": Step.DISTRICT_REVIEW,
    "consultation": Step.CONSULTATION,
    "municipal_review": Step.MUNICIPAL_REVIEW,
    # supervision.flows.FilingReviewFlow: a filing after the approval (product.md §17).
    "obligation_review": Step.OBLIGATION_REVIEW,
    # licensing.flows.PermitRequestFlow: the holder's request after the grant (§18).
    "request_acceptance": Step.REQUEST_ACCEPTANCE,
    "request_review": Step.REQUEST_REVIEW,
}


class ReviewFlow(flow.Flow):
    """Shared settings: our process model, and row locks so one task is decided once."""

    process_class = PermitProcess
    lock_impl = lock.select_for_update_lock

    def start_process(
        self, activation: Activation, application: Application, route: ResolvedRoute
    ) -> PermitProcess:
        activation.process.application = application
        activation.process.route = route.as_snapshot()
        process: PermitProcess = activation.process
        return process


class PermitReviewNodes:
    """The one node set of every type: acceptance, district review, parallel countersigns
    where the route consults, municipal review where the route has one. A resubmission after
    a return resumes at the step that returned it. The types differ only in their titles and
    their routes (data): a route that consults no agency never reaches the countersigns, one
    without a municipal step ends after the district review.

    A plain class, not a flow: viewflow wires a flow's nodes when the class is made, and a
    flow subclassing another keeps its parent's wiring (its tasks would be recorded as the
    parent's nodes); each flow below copies these nodes and wires its own."""

    start = flow.StartHandle(this.start_process).Annotation(title=_("Submission")).Next(this.entry)
    entry = (
        StatusSwitch()
        .Annotation(title=_("Where does the submission go?"))
        .Case(this.acceptance, cond=awaiting_acceptance)
        .Case(this.district_review, cond=resumed_at_district_review)
        .Case(this.consultation_split, cond=sent_to_consultation)
        .Default(this.municipal_review)
    )
    acceptance = (
        flow.View(TaskDecideView.as_view())
        .Annotation(title=_("Acceptance"))
        .Permission(DISTRICT_REVIEW_PERMISSION, obj=district_agency_of)
        .Next(this.after_acceptance)
    )
    after_acceptance = (
        StatusIf(resumed_at_district_review)
        .Annotation(title=_("Accepted?"))
        .Then(this.district_review)
        .Else(this.end)
    )
    district_review = (
        flow.View(TaskDecideView.as_view())
        .Annotation(title=_("District review"))
        .Permission(DISTRICT_REVIEW_PERMISSION, obj=district_agency_of)
        .Next(this.after_district_review)
    )
    after_district_review = (
        StatusSwitch()
        .Annotation(title=_("Where does the route lead?"))
        .Case(this.consultation_split, cond=sent_to_consultation)
        .Case(this.municipal_review, cond=forwarded_to_municipal_review)
        .Default(this.end)
    )
    consultation_split = (
        SplitPerItem()
        .Annotation(title=_("Send to the consulted agencies"))
        .Next(this.consultation, data_source=consulted_agencies)
    )
    consultation = (
        AgencyView(TaskDecideView.as_view())
        .Annotation(title=_("Consultation"))
        .Permission(COUNTERSIGN_PERMISSION)
        .Next(this.consultation_join)
    )
    consultation_join = (
        flow.Join().Annotation(title=_("All countersigns in")).Next(this.municipal_review)
    )
    municipal_review = (
        flow.View(TaskDecideView.as_view())
        .Annotation(title=_("Municipal review"))
        .Permission(MUNICIPAL_REVIEW_PERMISSION, obj=lead_agency_of)
        .Next(this.end)
    )
    end = ProcessEnd().Annotation(title=_("End of review"))


class TendingFlow(PermitReviewNodes, ReviewFlow):
    """天然林抚育作业设计: acceptance, district review, then municipal review where the route has
    one (Beijing; 蓟州's district bureau decides). No route consults another agency."""

    process_title = _("Tending-operation design review")


class OccupationFlow(PermitReviewNodes, ReviewFlow):
    """占用林地: district review, countersigns of the planning agencies, municipal approval."""

    process_title = _("Forest-land occupation review")
    # viewflow shows the description as each process's summary (the admin's process list).
    process_description = _("No municipal task exists until the join has every countersign.")


class IntroductionFlow(PermitReviewNodes, ReviewFlow):
    """外来物种引入: district review, countersigns by habitat domain, municipal approval."""

    process_title = _("Alien species introduction review")
    # viewflow shows the description as each process's summary (the admin's process list).
    process_description = _("No municipal task exists until the join has every countersign.")
