"""What the deciding agency does after its review of an occupation, as the application page
shows it (product.md §16 L6, L7): the forwarding to the national authority and the national
decision it records, the restoration fee demanded and the payment it records. Every page about
the application shows them; the forms only to the deciding agency, when the state allows (the
record's ``actions``). The services decide again on every post."""

from core.messages import (
    MSG_FEE_DETERMINED,
    MSG_FEE_RECORDED,
    MSG_NATIONAL_RECORDED,
    MSG_NOT_YOURS_FEES,
    MSG_NOT_YOURS_NATIONAL,
)
from permits import access
from workflows import services as task_services

from .acts import PermitAct, permit_act_view
from .forms.fees import FeeDeterminationForm, FeeForm, NationalDecisionForm

# Record the restoration fee paid; the approval is then issued.
application_fee = permit_act_view(
    PermitAct(
        access.can_act_for_deciding_agency,
        MSG_NOT_YOURS_FEES,
        FeeForm,
        "fee_form",
        task_services.fee_record,
        MSG_FEE_RECORDED,
        {"file": "receipt_files"},
        offered_by="record_fee",
        by_id=True,
    )
)
# Record the national authority's decision on a forwarded occupation, with its document.
application_national_decision = permit_act_view(
    PermitAct(
        access.can_act_for_deciding_agency,
        MSG_NOT_YOURS_NATIONAL,
        NationalDecisionForm,
        "national_form",
        task_services.national_decision_record,
        MSG_NATIONAL_RECORDED,
        {"files": "document_files"},
        offered_by="record_national_decision",
        by_id=True,
    )
)
# Determine (核定) the amount of a fee its notice left 待核定, before the payment.
application_fee_determination = permit_act_view(
    PermitAct(
        access.can_act_for_deciding_agency,
        MSG_NOT_YOURS_FEES,
        FeeDeterminationForm,
        "determination_form",
        task_services.fee_determine,
        MSG_FEE_DETERMINED,
        offered_by="determine_fee",
        by_id=True,
    )
)
