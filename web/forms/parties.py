"""The task page's interested parties (利害关系人, product.md §16 L14; Administrative Licensing
Law art. 36): the holder's answer to a 利害关系人告知书, as received on paper or in person. The
service checks everything again; these fields give its messages beside the field first."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from viewflow.forms import Layout

from core.messages import MSG_ANSWER_DATE, MSG_ANSWER_REQUIRED

from .common import PostedForm, record_text
from .people import day_field

PARTIES_HELP = _(
    "The occupation uses land whose management agreement another organisation holds: it is an "
    "interested party (Administrative Licensing Law art. 36). Issue it an interested party "
    "notice (利害关系人告知书), record the day it was served (its period runs from service) and "
    "its answer, or let its period lapse; a compensation agreement the applicant attached "
    "resolves it once you confirm, having read it, that it names this holder. This step "
    "approves only once every party is resolved."
)


class InterestedPartyAnswerForm(PostedForm):
    """Record a told holder's answer: what it said and the day it was received."""

    answered_on = day_field(_("Day the answer was received"), MSG_ANSWER_DATE)
    answer = record_text(_("Answer"), rows=3, required=MSG_ANSWER_REQUIRED)

    layout = Layout("answered_on", "answer")

    def __init__(self, *args: Any, notice_id: int, today: date, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"party-answer-{notice_id}")
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_answered_on(self) -> date:
        day: date = self.cleaned_data["answered_on"]
        if day > self.today:
            raise forms.ValidationError(MSG_ANSWER_DATE)
        return day
