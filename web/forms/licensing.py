"""The statement notice before a revocation or withdrawal (product.md §18 B7, B8), its answer
and its drop. The services check everything again; these fields give their messages beside the
field first."""

from typing import Any, Self

from django import forms
from django.utils.translation import gettext_lazy as _

from core.messages import (
    MSG_ACT,
    MSG_CONFIRM_STATEMENT,
    MSG_DATE_LICENSING,
    MSG_DAY,
    MSG_GROUND,
    MSG_NOW,
    MSG_REQUIRED_FILINGS,
)
from documents.content import is_licence, worded
from licensing.grounds import Act, RevocationGround, WithdrawalGround
from licensing.requests import change_current_values
from licensing.selectors import StatementPanel, is_temporary
from licensing.services import TEXT_MAX
from permits.models import Application

from .common import ServiceForm, text_area
from .procedures import MultipleFileField

_TEXT = {"required": MSG_REQUIRED_FILINGS}

# What the page says of the statement notice, a change and a renewal: a licence under the
# Licensing Law; a 批复, which that law does not govern, by analogy (参照) or without it, as its
# documents and messages say (issue 46 item 3). Chosen by ``documents.content.worded``.
STATEMENT_HELP = _(
    "Before a permit is revoked or withdrawn the holder is told the ground and the facts and may "
    "state and defend itself (Administrative Licensing Law art. 7)."
)
STATEMENT_HELP_APPROVAL = _(
    "Before an approval (批复) is revoked or withdrawn the holder is told the ground and the "
    "facts and may state and defend itself (by analogy with Administrative Licensing Law art. 7)."
)
CHANGE_HELP = _(
    "Fill in only what changes. A change may rename the holder after its registration, change "
    "the contact, reduce the area or quantity, or move a tending work period within its year; "
    "anything more needs a new application (Administrative Licensing Law art. 49)."
)
CHANGE_HELP_APPROVAL = _(
    "Fill in only what changes. A change may rename the holder after its registration, change "
    "the contact, reduce the area or quantity, or move a tending work period within its year; "
    "anything more needs a new application."
)
RENEWAL_HELP = _(
    "The permit is valid until %(until)s. A renewal the agency does not decide by then is "
    "granted by law (Administrative Licensing Law art. 50)."
)
# The engine renews a 批复 not decided in time as a licence, by analogy (its documents say so).
RENEWAL_HELP_APPROVAL = _(
    "The approval (批复) is valid until %(until)s. A renewal the agency does not decide by then "
    "is deemed granted (by analogy with Administrative Licensing Law art. 50(2))."
)
REVOCATION_GROUP = _("Revocation (Administrative Licensing Law art. 69)")
REVOCATION_GROUP_APPROVAL = _("Revocation (by analogy with Administrative Licensing Law art. 69)")
WITHDRAWAL_GROUP = _("Withdrawal (Administrative Licensing Law art. 8)")
WITHDRAWAL_GROUP_APPROVAL = _("Withdrawal (by analogy with Administrative Licensing Law art. 8)")


def permit_helps(application: Application) -> dict[str, Any]:
    """The application page's help on the statement notice, a change and a renewal, as the
    permit is a licence or a 批复 (the templates print them as they are)."""
    until = application.valid_until
    return {
        "statement_help": worded(application, STATEMENT_HELP, STATEMENT_HELP_APPROVAL),
        "change_help": worded(application, CHANGE_HELP, CHANGE_HELP_APPROVAL),
        "renewal_help": worded(application, RENEWAL_HELP, RENEWAL_HELP_APPROVAL)
        % {"until": until.isoformat() if until else "—"},
    }


class StatementNoticeForm(ServiceForm):
    act = forms.ChoiceField(
        label=_("Act intended"),
        choices=Act.choices,
        error_messages=dict.fromkeys(("required", "invalid_choice"), MSG_ACT),
    )
    ground = forms.ChoiceField(
        label=_("Ground of the law"),
        # Grouped by act: the service refuses a ground of the other act.
        choices=[],
        error_messages=dict.fromkeys(("required", "invalid_choice"), MSG_GROUND),
    )
    facts = text_area(_("Facts found"), rows=4, max_length=TEXT_MAX, required=MSG_REQUIRED_FILINGS)

    def __init__(self, *args: Any, licence: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The group labels in the request's language, citing the articles as the permit
        # follows them (a 批复 by analogy).
        ground = self.fields["ground"]
        assert isinstance(ground, forms.ChoiceField)
        revocation = REVOCATION_GROUP if licence else REVOCATION_GROUP_APPROVAL
        withdrawal = WITHDRAWAL_GROUP if licence else WITHDRAWAL_GROUP_APPROVAL
        ground.choices = [
            (revocation, RevocationGround.choices),
            (withdrawal, WithdrawalGround.choices),
        ]

    @classmethod
    def for_application(cls, data: Any, files: Any, application: Application) -> Self:
        return cls(data, files, licence=is_licence(application))


class RevokeForm(ServiceForm):
    """The revocation after the holder was heard: the ground is the statement notice's (a
    hidden field, shown in words beside it); the reason is the agency's findings on the
    holder's answer (经复核), printed in the decision."""

    ground = forms.ChoiceField(
        choices=RevocationGround.choices,
        widget=forms.HiddenInput,
        error_messages=dict.fromkeys(("required", "invalid_choice"), MSG_GROUND),
    )
    reason = text_area(
        _("Findings after hearing the holder"),
        rows=4,
        max_length=TEXT_MAX,
        required=MSG_REQUIRED_FILINGS,
    )

    def __init__(self, *args: Any, statements: "StatementPanel | None" = None, **kwargs: Any):
        pending = statements.pending if statements else None
        if pending is not None:
            kwargs.setdefault("initial", {"ground": pending.ground})
        super().__init__(*args, **kwargs)


class LandApprovalForm(ServiceForm):
    """The construction-land approval (建设用地批准文件) of a permanent occupation."""

    number = forms.CharField(
        label=_("Approval document number"), max_length=100, error_messages=_TEXT
    )
    approved_on = forms.DateField(
        label=_("Approved on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": MSG_REQUIRED_FILINGS, "invalid": MSG_DATE_LICENSING},
    )
    authority = forms.CharField(
        label=_("Approving authority"), max_length=200, error_messages=_TEXT
    )

    def service_data(self) -> dict[str, Any]:
        return {**self.cleaned_data, "approved_on": self.cleaned_data["approved_on"].isoformat()}


class PermitWithdrawForm(ServiceForm):
    """The withdrawal after the holder was heard: the ground is the withdrawal notice's; the
    reason is the agency's findings on the holder's answer, printed in the decision."""

    reason = text_area(
        _("Findings after hearing the holder"),
        rows=4,
        max_length=TEXT_MAX,
        required=MSG_REQUIRED_FILINGS,
    )


class StatementAnswerForm(ServiceForm):
    """The holder's statement and defence, with the files that bear it out, sent once: the
    holder confirms it complete in the same post (the files would not survive a second page)."""

    answer = text_area(
        _("Your statement and defence"), rows=4, max_length=TEXT_MAX, required=MSG_REQUIRED_FILINGS
    )
    attachments = MultipleFileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_("PDF, JPEG or PNG, up to 10 files."),
    )
    confirm = forms.BooleanField(
        label=_("The statement and its files are complete; send them to the agency."),
        error_messages={"required": MSG_CONFIRM_STATEMENT},
    )

    def service_data(self) -> dict[str, Any]:
        return {
            "answer": self.cleaned_data["answer"],
            "uploads": self.cleaned_data.get("attachments") or [],
        }


class StatementDropForm(ServiceForm):
    reason = text_area(
        _("Why the act is not pursued"), rows=3, max_length=TEXT_MAX, required=MSG_REQUIRED_FILINGS
    )


# ---- The holder's requests after the grant (product.md §18 B1, B2, B10) ----------------------


class ChangeRequestForm(ServiceForm):
    """A change of the permit: only the fields filled in are asked for (the rule table of
    ``licensing.requests`` says what each may become); the fields the permit's kind has."""

    holder_name = forms.CharField(label=_("New holder name"), max_length=200, required=False)
    registration_proof = forms.CharField(
        label=_("Registration of the name change (document number)"),
        max_length=200,
        required=False,
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    area_ha = forms.DecimalField(
        label=_("Reduced area (ha)"), max_digits=12, decimal_places=4, required=False
    )
    quantity = forms.DecimalField(
        label=_("Reduced quantity"), max_digits=14, decimal_places=2, required=False
    )
    start_date = forms.DateField(
        label=_("Work starts"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": MSG_DAY},
    )
    end_date = forms.DateField(
        label=_("Work ends"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": MSG_DAY},
    )
    duration_months = forms.IntegerField(
        label=_("Shorter temporary use (months)"), min_value=1, required=False
    )
    reason = text_area(
        _("Reason for the change"), rows=3, max_length=TEXT_MAX, required=MSG_REQUIRED_FILINGS
    )

    # Which of the fields each kind offers (the rest would be refused as not the permit's).
    KIND_FIELDS = {
        "tending": ("area_ha", "start_date", "end_date"),
        "occupation": ("area_ha", "duration_months"),
        "introduction": ("quantity",),
    }
    COMMON = ("holder_name", "registration_proof", "contact_name", "contact_phone", "reason")

    def __init__(self, *args: Any, kind: str = "", temporary: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        offered = set(self.COMMON) | set(self.KIND_FIELDS.get(kind, ()))
        if not temporary:
            offered.discard("duration_months")
        for name in list(self.fields):
            if name not in offered:
                del self.fields[name]

    @classmethod
    def for_application(cls, data: Any, files: Any, application: Application) -> Self:
        """The form with the fields the permit's kind has (the months of a temporary use),
        each saying what the permit holds now."""
        form = cls(data, files, kind=application.kind, temporary=is_temporary(application))
        for name, value in change_current_values(application).items():
            if name in form.fields:
                form.fields[name].help_text = MSG_NOW % {"value": value or "—"}
        return form

    def service_data(self) -> dict[str, Any]:
        return {"reason": self.cleaned_data["reason"], "changes": self.changes()}

    def changes(self) -> dict[str, Any]:
        """The fields filled in, as the service takes them (dates and numbers as text)."""
        data = self.cleaned_data
        changes: dict[str, Any] = {}
        for name in self.fields:
            value = data.get(name)
            if name == "reason" or value in (None, ""):
                continue
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            elif not isinstance(value, int | str):
                value = str(value)
            changes[name] = value
        return changes


class RenewalRequestForm(ServiceForm):
    until = forms.DateField(
        label=_("Renewed until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": MSG_REQUIRED_FILINGS, "invalid": MSG_DAY},
    )
    reason = text_area(
        _("Reason for the renewal"), rows=3, max_length=TEXT_MAX, required=MSG_REQUIRED_FILINGS
    )

    def service_data(self) -> dict[str, Any]:
        return {**self.cleaned_data, "until": self.cleaned_data["until"].isoformat()}


class SurrenderForm(ServiceForm):
    reason = text_area(
        _("Why the permit is given up"), rows=3, max_length=TEXT_MAX, required=MSG_REQUIRED_FILINGS
    )
