"""The review of a filing after the approval (product.md §17): one task for the issuing
district agency, and for an escape incident one more for each agency the permit's review
consulted on the habitat (A5), each on its own working-day clock. The tasks sit in the
reviewers' queues beside the review tasks (a ``PermitProcess`` naming the filing)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.activation import Activation

from permits.choices import ObligationKind
from permits.models import Filing
from workflows.engine.nodes import ProcessEnd
from workflows.flows import COUNTERSIGN_PERMISSION, DISTRICT_REVIEW_PERMISSION
from workflows.models import PermitProcess, ResolvedRoute
from workflows.nodes import AgencyView, SplitPerItem
from workflows.views import TaskDecideView


def reviewing_agencies(activation: Activation) -> list[dict[str, Any]]:
    """The district agency that issued the permit reviews every filing; an escape incident is
    also for the agencies consulted on the habitat when the permit was reviewed."""
    process: PermitProcess = activation.process.coerced
    application = process.application
    items = [
        {"agency_id": application.district_agency_id, "permission": DISTRICT_REVIEW_PERMISSION}
    ]
    filing = process.filing
    assert filing is not None  # a filing's review always names it
    if filing.obligation.kind == ObligationKind.ESCAPE_INCIDENT:
        items += [
            {"agency_id": agency.pk, "permission": COUNTERSIGN_PERMISSION}
            for agency in process.frozen_route.consulted_agencies
            if agency.pk != application.district_agency_id
        ]
    return items


class ReviewerView(AgencyView):
    """A human task for the agency and with the permission named in its data."""

    def calc_owner_permission(self, activation: Activation) -> str:
        permission: str = activation.task.data["permission"]
        return permission


class FilingReviewFlow(flow.Flow):
    process_class = PermitProcess
    lock_impl = lock.select_for_update_lock
    process_title = _("Filing review")

    start = flow.StartHandle(this.start_process).Annotation(title=_("Filing")).Next(this.split)
    split = (
        SplitPerItem()
        .Annotation(title=_("To the reviewing agencies"))
        .Next(this.obligation_review, data_source=reviewing_agencies)
    )
    obligation_review = (
        ReviewerView(TaskDecideView.as_view()).Annotation(title=_("Filing review")).Next(this.join)
    )
    join = flow.Join().Annotation(title=_("Every review in")).Next(this.end)
    end = ProcessEnd().Annotation(title=_("End of the filing's review"))

    def start_process(
        self, activation: Activation, filing: Filing, route: ResolvedRoute
    ) -> PermitProcess:
        process: PermitProcess = activation.process
        process.application = filing.obligation.application
        process.filing = filing
        process.route = route.as_snapshot()
        return process
