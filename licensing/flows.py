"""The holder's request after the grant (product.md §18 B1-B4, B10): a change, a renewal or
extension, a surrender. The agency that decided the permit accepts it (受理, art. 32), then
decides it (arts. 49, 50, 70), each a task in its reviewers' queue on a working-day clock of
the jurisdiction's standard. A ``PermitProcess`` naming the request; ``requests`` decides."""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.activation import Activation

from permits.models import Application
from roles.models import Agency
from workflows.engine.nodes import ProcessEnd, StatusIf
from workflows.flows import DISTRICT_REVIEW_PERMISSION, MUNICIPAL_REVIEW_PERMISSION
from workflows.models import PermitProcess, ResolvedRoute
from workflows.views import TaskDecideView

from .models import PermitRequest, RequestStatus


def _application(activation: Activation) -> Application:
    application: Application = activation.process.coerced.application
    return application


class DecidingAgencyView(flow.View):
    """A human task for the agency that decided the permit: the municipal agency that approved
    it (its approvers), else the district agency (its reviewers)."""

    def calc_owner_permission(self, activation: Activation) -> str:
        if _application(activation).lead_agency_id:
            return MUNICIPAL_REVIEW_PERMISSION
        return DISTRICT_REVIEW_PERMISSION

    def calc_owner_permission_obj(self, activation: Activation) -> Agency | None:
        application = _application(activation)
        return application.deciding_agency


def was_accepted(activation: Activation) -> bool:
    process: PermitProcess = activation.process.coerced
    return PermitRequest.objects.filter(
        pk=process.permit_request_id, status=RequestStatus.ACCEPTED
    ).exists()


class PermitRequestFlow(flow.Flow):
    process_class = PermitProcess
    lock_impl = lock.select_for_update_lock
    process_title = _("Permit request")

    start = (
        flow.StartHandle(this.start_process)
        .Annotation(title=_("Request"))
        .Next(this.request_acceptance)
    )
    request_acceptance = (
        DecidingAgencyView(TaskDecideView.as_view())
        .Annotation(title=_("Acceptance of the request"))
        .Next(this.after_acceptance)
    )
    after_acceptance = (
        StatusIf(was_accepted)
        .Annotation(title=_("Accepted?"))
        .Then(this.request_review)
        .Else(this.end)
    )
    request_review = (
        DecidingAgencyView(TaskDecideView.as_view())
        .Annotation(title=_("Decision on the request"))
        .Next(this.end)
    )
    end = ProcessEnd().Annotation(title=_("End of the request"))

    def start_process(
        self, activation: Activation, request: PermitRequest, route: ResolvedRoute
    ) -> PermitProcess:
        process: PermitProcess = activation.process
        process.application = request.application
        process.permit_request = request
        process.route = route.as_snapshot()
        return process
