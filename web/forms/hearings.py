"""The task page's hearing (听证, product.md §16 L16; Administrative Licensing Law arts. 46–48):
offering it (why, where no interested party makes it art. 47's), and recording it held (the
day, the presiding officer, the record as signed and its signed file). The service checks
everything again; these fields give its messages beside the field before it is asked."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _
from viewflow.forms import Layout, Row

from core.messages import (
    MSG_HEARING_RECORD_FILE,
    MSG_HEARING_RECORD_REQUIRED,
    MSG_HELD_ON,
    MSG_PRESIDING_REQUIRED,
)

from .common import PostedForm, record_text
from .people import day_field, person_choices
from .procedures import MultipleFileField

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

HEARING_HELP = _(
    "Where the application directly concerns the substantial interests of others (its interested "
    "parties) or a hearing is needed, the applicant and each party are told of their right to "
    "ask for one (Administrative Licensing Law arts. 46, 47). From a request until the hearing "
    "the decision period pauses; the decision rests on the hearing's record."
)
# A 批复's hearing follows arts. 46, 47 by analogy; its time is out of the agency's commitment.
HEARING_HELP_APPROVAL = _(
    "Where the application directly concerns the substantial interests of others (its interested "
    "parties) or a hearing is needed, the applicant and each party are told of their right to "
    "ask for one (by analogy with Administrative Licensing Law arts. 46, 47). The time from a "
    "request until the hearing is not counted in the committed time limit; the approval rests "
    "on the hearing's record."
)


class HearingOfferForm(PostedForm):
    """Offer a hearing: the reason (required by the service where no party is found)."""

    reason = record_text(_("Why a hearing is offered"), rows=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "hearing-offer")
        super().__init__(*args, **kwargs)


class HearingHoldForm(PostedForm):
    """Record the hearing held. ``presiding``: the staff the service may accept (it refuses the
    file's reviewers, saying why); ``record_file_required``: the message of a missing signed
    record in the words of the decision's form (``web.hearings.hold_form`` chooses it)."""

    held_on = day_field(_("Day of the hearing"), MSG_HELD_ON)
    presiding = forms.ChoiceField(
        label=_("Presiding officer"), error_messages={"required": MSG_PRESIDING_REQUIRED}
    )
    record = record_text(_("Hearing record"), rows=5, required=MSG_HEARING_RECORD_REQUIRED)
    # Required by the service when the day is after the day it was to be held by (art. 47).
    late_reason = record_text(_("Reason for the delay (held after the day it was due)"), rows=2)
    files_field = "record_files"
    record_files = MultipleFileField(
        label=_("Record signed by the participants"),
        required=True,
        error_messages={"required": MSG_HEARING_RECORD_FILE},
    )

    layout = Layout(Row("held_on", "presiding"), "record", "late_reason")

    def __init__(
        self,
        *args: Any,
        staff: Iterable[User] = (),
        record_file_required: "StrOrPromise" = MSG_HEARING_RECORD_FILE,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", "hearing")
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["presiding"])
        field.choices = [("", "—"), *person_choices(staff)]
        self.fields["record_files"].error_messages["required"] = record_file_required
