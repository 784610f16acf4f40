"""Interested parties (利害关系人, product.md §16 L14) as the pages show them: on every page about
an occupation, each holder of its land other than the applicant and where it stands (read-only
for the applicant and the later steps); on the open district task, the buttons to issue each a
利害关系人告知书 and the forms to record its answer. The views are the task page's
(``web.tasks``); the service decides again on every post."""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from viewflow.workflow.models import Task

from core.messages import MSG_PARTIES_NEEDED
from permits.choices import Kind
from permits.models import Application
from workflows import selectors
from workflows.selectors import InterestedParty

from .forms.parties import PARTIES_HELP, InterestedPartyAnswerForm


@dataclass(frozen=True)
class PartyRow:
    """A party as the box shows it; on the district task, the form to record the answer its
    notice awaits."""

    party: InterestedParty
    answer_form: InterestedPartyAnswerForm | None = None

    @property
    def status_label(self) -> str:
        return str(self.party.status.label) if self.party.status is not None else ""


def interested_parties_context(application: Application) -> dict[str, Any]:
    """The "interested parties" box of the pages about an occupation (nothing for the other
    kinds: no query)."""
    if application.kind != Kind.OCCUPATION:
        return {"interested_parties": []}
    parties = selectors.interested_parties_of(application)
    return {"interested_parties": [PartyRow(p) for p in parties]}


def answer_form(
    notice_id: int, data: Any = None, *, initial: dict[str, Any] | None = None
) -> InterestedPartyAnswerForm:
    return InterestedPartyAnswerForm(
        data, notice_id=notice_id, today=timezone.localdate(), initial=initial
    )


def task_parties_context(
    task: Task,
    application: Application,
    rows: list[PartyRow],
    *,
    offered: bool,
    form: InterestedPartyAnswerForm | None = None,
    form_notice_id: int | None = None,
) -> dict[str, Any]:
    """The task page's interested parties: per party the answer form where its notice awaits
    the answer (``form``: a refused post's for ``form_notice_id``), and while one is unresolved
    on the open district task, the reason approving waits."""
    today = timezone.localdate()

    def with_form(row: PartyRow) -> PartyRow:
        notice = row.party.notice
        if not offered or notice is None or notice.answered_on is not None:
            return row
        if form is not None and form_notice_id == notice.pk:
            return PartyRow(row.party, form)
        return PartyRow(row.party, answer_form(notice.pk, initial={"answered_on": today}))

    unresolved = (
        selectors.task_is_open(task)
        and selectors.is_district_occupation_step(task, application)
        and any(not row.party.resolved for row in rows)
    )
    agreements = list(selectors.compensation_agreements_of(application)) if offered else []
    return {
        "interested_parties": [with_form(row) for row in rows],
        "compensation_agreements": agreements,
        "today": today,
        "parties_offered": offered,
        "parties_help": PARTIES_HELP,
        "parties_needed": MSG_PARTIES_NEEDED if unresolved else "",
    }
