"""The hearing (听证, product.md §16 L16; arts. 46–48) as the pages show it: on every page about
an application, each hearing offered, its notices (听证权利告知书), the requests and, once held,
its record; on an open review task, the forms to offer it and to record it held; on the
application page, the applicant's button to ask for it. The views are the task page's
(``web.tasks``) and the application page's; the service decides again on every post."""

from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from viewflow.workflow.models import Task

from core.messages import MSG_HEARING_RECORD_FILE, MSG_HEARING_RECORD_FILE_APPROVAL
from documents.content import worded
from permits.models import Application
from workflows import selectors

from .forms.hearings import HEARING_HELP, HEARING_HELP_APPROVAL, HearingHoldForm, HearingOfferForm


def hearings_context(application: Application) -> dict[str, Any]:
    """The "hearings" box (no query for an application never submitted), with the hearings past
    the day they were to be held by unheld (逾期未举行, art. 47)."""
    if application.submitted_at is None:
        return {"hearings": [], "overdue_hearings": set()}
    hearings = list(selectors.hearings_of(application))
    today = timezone.localdate()
    return {
        "hearings": hearings,
        "overdue_hearings": {h.pk for h in hearings if h.overdue_on(today)},
    }


def hold_form(
    task: Task, application: Application, data: Any = None, files: Any = None
) -> HearingHoldForm:
    """The form to record the hearing held, its messages in the words of the decision's form
    (a 批复's cite the Licensing Law by analogy)."""
    staff: list[User] = list(selectors.site_check_inspectors(task.owner_permission_obj_pk))
    signed = worded(application, MSG_HEARING_RECORD_FILE, MSG_HEARING_RECORD_FILE_APPROVAL)
    return HearingHoldForm(data, files, staff=staff, record_file_required=signed)


def task_hearings_context(
    task: Task,
    application: Application,
    *,
    offer_offered: bool,
    hold_offered: bool,
    offer: HearingOfferForm | None = None,
    hold: HearingHoldForm | None = None,
) -> dict[str, Any]:
    """The task page's forms: to offer a hearing, to record the one asked for as held (a refused
    post's form, with what was typed)."""
    return {
        "hearing_offer_form": (offer or HearingOfferForm()) if offer_offered else None,
        "hearing_hold_form": (hold or hold_form(task, application)) if hold_offered else None,
        "hearing_help": worded(application, HEARING_HELP, HEARING_HELP_APPROVAL),
    }
