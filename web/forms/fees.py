"""The deciding agency's forms after the review of an occupation (product.md §16 L6, L7): the
national authority's decision on what it forwarded, and the restoration fee paid. The services
check everything again; these fields give their messages beside the field first."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from viewflow.forms import Layout, Row

from core.messages import (
    MSG_AMOUNT,
    MSG_DECIDED_ON,
    MSG_DETERMINATION_REASON,
    MSG_DETERMINED_AMOUNT,
    MSG_DOCUMENT,
    MSG_NUMBER_WORKFLOWS,
    MSG_OUTCOME,
    MSG_PAID_ON,
    MSG_RECEIPT,
)
from workflows.models import NationalOutcome
from workflows.services.fees import RECEIPT_MAX
from workflows.services.national import NUMBER_MAX

from .common import PostedForm, radio_field, record_text
from .people import day_field
from .procedures import MultipleFileField


class FeeForm(PostedForm):
    amount = forms.DecimalField(
        label=_("Amount paid (yuan)"),
        max_digits=15,
        decimal_places=2,
        error_messages=dict.fromkeys(
            ("required", "invalid", "max_digits", "max_decimal_places", "max_whole_digits"),
            MSG_AMOUNT,
        ),
    )
    paid_on = day_field(_("Day of payment"), MSG_PAID_ON)
    receipt_number = forms.CharField(
        label=_("Receipt number"),
        max_length=RECEIPT_MAX,
        error_messages=dict.fromkeys(("required", "max_length"), MSG_RECEIPT),
    )
    reason = record_text(
        _("Reason for a different amount"),
        rows=2,
        help_text=_("Only when the amount is not the one the fee notice demanded."),
    )
    files_field = "receipt_files"
    receipt_files = MultipleFileField(label=_("Receipt (optional)"), required=False)

    layout = Layout(Row("amount", "paid_on"), "receipt_number", "reason")

    def service_data(self) -> dict[str, Any]:
        return {**super().service_data(), "reason": self._posted("reason") or ""}


class FeeDeterminationForm(PostedForm):
    """The written 核定 of a fee its notice left 待核定 (or its correction, with the reason)."""

    amount = forms.DecimalField(
        label=_("Amount determined (yuan)"),
        max_digits=15,
        decimal_places=2,
        error_messages=dict.fromkeys(
            ("required", "invalid", "max_digits", "max_decimal_places", "max_whole_digits"),
            MSG_DETERMINED_AMOUNT,
        ),
    )
    reason = record_text(_("Reason and computation"), rows=3, required=MSG_DETERMINATION_REASON)
    correction = forms.BooleanField(
        label=_("Correct the determination already made"), required=False
    )

    layout = Layout("amount", "reason", "correction")

    def service_data(self) -> dict[str, Any]:
        return {**super().service_data(), "correction": bool(self._posted("correction"))}


class NationalDecisionForm(PostedForm):
    number = forms.CharField(
        label=_("National decision's document number"),
        max_length=NUMBER_MAX,
        error_messages=dict.fromkeys(("required", "max_length"), MSG_NUMBER_WORKFLOWS),
    )
    decided_on = day_field(_("Day of the national decision"), MSG_DECIDED_ON)
    outcome = radio_field(_("National decision"), NationalOutcome.choices, MSG_OUTCOME)
    files_field = "document_files"
    document_files = MultipleFileField(
        label=_("The national decision's document (PDF)"), required=False
    )

    layout = Layout(Row("number", "decided_on"), "outcome")

    def clean_document_files(self) -> list[Any]:
        files: list[Any] = self.cleaned_data.get("document_files") or []
        if not files:
            raise forms.ValidationError(MSG_DOCUMENT, code="required")
        return files
