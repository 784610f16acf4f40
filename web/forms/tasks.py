"""The task page's decision and the task queue's filters."""

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from viewflow.forms import Layout, Row

from core.messages import MSG_DECISION_REQUIRED
from permits.choices import Decision, Kind, Step, grounded_decision, step_decisions
from permits.rules import Finding, Ground
from roles.models import District

from .common import DistrictChoiceField, search_field, text_area

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

OPINION_HELP_REVIEW = _(
    "Required when returning or rejecting: list everything the applicant must fix "
    "(one-time notice)."
)
# Each step's help names its own decisions (issue 45 item 13): acceptance asks for correction or
# does not accept; it never refuses.
OPINION_HELP_ACCEPTANCE = _(
    "Required when asking for correction or not accepting: list at once everything the "
    "applicant must correct, or give the reasons of the non-acceptance."
)
OPINION_HELP_REQUEST_ACCEPTANCE = _(
    "Required when not accepting the holder's request: give the reasons; they are printed in "
    "the decision."
)
OPINION_HELP_REQUEST_REVIEW = _(
    "Required when refusing the holder's request: give the reasons; they are printed in the "
    "decision."
)
OPINION_HELP_COUNTERSIGN = _(
    "Your agency's countersign opinion. Required when disagreeing: give the reasons."
)
OPINION_HELP_AGAINST_DISAGREEMENT = _(
    "A consulted agency disagreed: give your reasons whatever you decide (required to approve)."
)
OPINION_HELP: dict[str, "StrOrPromise"] = {
    Step.CONSULTATION: OPINION_HELP_COUNTERSIGN,
    Step.ACCEPTANCE: OPINION_HELP_ACCEPTANCE,
    Step.REQUEST_ACCEPTANCE: OPINION_HELP_REQUEST_ACCEPTANCE,
    Step.REQUEST_REVIEW: OPINION_HELP_REQUEST_REVIEW,
}


GROUNDS_HELP = _(
    "When rejecting, tick the rules the application violates: the refusal decision cites their "
    "clauses. Rules the checks flagged are ticked already."
)
# Only the rules the checks find against this application are offered (issue 45 item 11).
NO_GROUNDS_HELP = _(
    "The checks find no rule against this application: a refusal states its reasons in the opinion."
)
NON_ACCEPTANCE_GROUNDS_HELP = _(
    "When not accepting, tick the grounds the law allows: the decision of non-acceptance quotes "
    "them. If the matter is another agency's, name that agency in your opinion: the decision "
    "tells the applicant to apply there."
)
OVERRIDE_HELP = _(
    "This blocking finding stands: a refusal rests on it. To approve, say why it does not hold "
    "(recorded with the decision)."
)
OVERRIDE_PREFIX = "override_"

# The grounds' fieldset as the step's decision that rests on them names it.
GROUNDS_LABELS = {
    Decision.REJECT: (_("Grounds of the refusal"), GROUNDS_HELP),
    Decision.NOT_ACCEPT: (_("Grounds of the non-acceptance"), NON_ACCEPTANCE_GROUNDS_HELP),
}


class DecisionForm(forms.Form):
    """A review decision, or a consulted agency's countersign (agree / disagree).

    No option is chosen beforehand: several end the application for good, and a press of Enter
    must not record one nobody picked. The template draws the options as a fieldset (viewflow's
    radio widget has no group and legend); ``layout`` renders the rest."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        error_messages={"required": MSG_DECISION_REQUIRED},
    )
    opinion = text_area(_("Opinion"), rows=5)
    # What a rejection or a non-acceptance rests on (issue 26 item 7): drawn by the template as
    # a fieldset of checkboxes, each with its code and what it says; the service checks them.
    grounds = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    layout = Layout("opinion")

    def __init__(
        self,
        *args: Any,
        step: str = Step.DISTRICT_REVIEW,
        disagreement: bool = False,
        grounds: Sequence[Ground] = (),
        flagged: Collection[str] = (),
        decisions: Sequence[Decision] | None = None,
        blocking: Sequence[Finding] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Each blocking finding that stands, with the reason an approval gives why it does not
        # hold (issue 46 High 1): the service refuses an approval without it.
        for finding in blocking:
            self.fields[OVERRIDE_PREFIX + finding.rule] = text_area(
                f"{finding.rule} {finding.message}", rows=2, help_text=OVERRIDE_HELP
            )
        field = cast(forms.MultipleChoiceField, self.fields["grounds"])
        if (grounded := grounded_decision(step)) is not None:
            field.label, field.help_text = GROUNDS_LABELS[grounded]
            field.choices = [(g.code, f"{g.code} {g.description}") for g in grounds]
            field.initial = [g.code for g in grounds if g.code in flagged]
            if grounded == Decision.REJECT and not grounds:
                field.help_text = NO_GROUNDS_HELP
        else:
            del self.fields["grounds"]
        # Fields are declared above; ``fields`` maps names to the base Field type.
        # Forwarding is offered only where the authority by area requires it (the caller says).
        offered = (
            decisions
            if decisions is not None
            else [d for d in step_decisions(step) if d != Decision.FORWARD]
        )
        cast(forms.ChoiceField, self.fields["decision"]).choices = [
            (d.value, d.label) for d in offered
        ]
        if step in OPINION_HELP:
            self.fields["opinion"].help_text = OPINION_HELP[step]
        elif disagreement:
            self.fields["opinion"].help_text = OPINION_HELP_AGAINST_DISAGREEMENT
        else:
            self.fields["opinion"].help_text = OPINION_HELP_REVIEW

    def overrides(self) -> list[dict[str, str]]:
        """The reasons typed why a blocking finding does not hold, as the service takes them."""
        return [
            {"rule": name.removeprefix(OVERRIDE_PREFIX), "reason": value}
            for name, value in self.cleaned_data.items()
            if name.startswith(OVERRIDE_PREFIX) and str(value or "").strip()
        ]

    def override_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(OVERRIDE_PREFIX)]


class TaskFilterForm(forms.Form):
    q = search_field()
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    district = DistrictChoiceField(
        label=_("District"),
        required=False,
        queryset=District.objects.select_related("jurisdiction"),
    )
    step = forms.ChoiceField(
        label=_("Step"), required=False, choices=[("", _("All")), *Step.choices]
    )
    overdue = forms.ChoiceField(
        label=_("Overdue"),
        required=False,
        choices=[("", _("All")), ("1", _("Overdue only")), ("0", _("Within time limit"))],
    )
    ordering = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            # The first is the default (product.md §11): undated steps last.
            ("due_date", _("Due date, soonest first")),
            ("-due_date", _("Due date, latest first")),
            ("created", _("Oldest first")),
            ("-created", _("Newest first")),
        ],
    )

    # The search stands alone; the rest folds away on a phone (task_queue.html).
    layout = Layout(Row("kind", "district", "step"), Row("overdue", "ordering"))
    search_layout = Layout(Row("q"))

    # Filters other than the search: when one is set, the folded filters are shown open.
    FOLDED = ("kind", "district", "step", "overdue", "ordering")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("All")), *Kind.choices]
