"""Orchestration only: which human task comes next. No rules, no permission logic.

The application's legal status is decided by permits.services (django-fsm-2) from the route
table; the flow reads that outcome through named predicates and creates the next task.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from permits.choices import Status

from .models import PermitProcess
from .views import TaskDecideView

DISTRICT_REVIEW_PERMISSION = "roles.review_for_agency"
MUNICIPAL_REVIEW_PERMISSION = "roles.approve_for_agency"


def district_agency_of(process):
    return process.coerced.application.district_agency


def lead_agency_of(process):
    return process.coerced.application.lead_agency


def forwarded_to_municipal_review(activation) -> bool:
    """The district step approved and the route has a municipal step after it."""
    return activation.process.coerced.application.status == Status.MUNICIPAL_REVIEW


class TendingFlow(flow.Flow):
    """天然林抚育作业设计: district review, then municipal review where the route has one."""

    process_class = PermitProcess
    lock_impl = lock.select_for_update_lock
    process_title = _("Tending-operation design review")

    start = flow.StartHandle(this.start_process).Next(this.district_review)

    district_review = (
        flow.View(TaskDecideView.as_view())
        .Annotation(title=_("District review"))
        .Permission(DISTRICT_REVIEW_PERMISSION, obj=district_agency_of)
        .Next(this.after_district_review)
    )

    after_district_review = (
        flow.If(forwarded_to_municipal_review)
        .Annotation(title=_("Forwarded to municipal review?"))
        .Then(this.municipal_review)
        .Else(this.end)
    )

    municipal_review = (
        flow.View(TaskDecideView.as_view())
        .Annotation(title=_("Municipal review"))
        .Permission(MUNICIPAL_REVIEW_PERMISSION, obj=lead_agency_of)
        .Next(this.end)
    )

    end = flow.End()

    def start_process(self, activation, application):
        activation.process.application = application
        return activation.process
