"""The permit's own life on the application page (product.md §18): the deciding agency's
statement notice before a revocation or withdrawal, the holder's answer, the agency's drop, the
construction-land approval and the holder's requests. Each form posts to its view; the service
decides who, whether and when."""

from functools import partial
from typing import TYPE_CHECKING

from core.messages import (
    MSG_CONFIRM_SURRENDER,
    MSG_CONFIRM_SURRENDER_BUTTON,
    MSG_CONFIRM_SURRENDER_CONSEQUENCE,
    MSG_CONFIRM_SURRENDER_CONSEQUENCE_APPROVAL,
    MSG_DROPPED,
    MSG_LAND_RECORDED,
    MSG_NO_REVOKE,
    MSG_NOT_HOLDER_LICENSING,
    MSG_NOT_LAND_HOLDER,
    MSG_NOT_REQUESTER,
    MSG_NOTIFIED,
    MSG_REQUESTED,
    MSG_STATEMENT_ANSWERED,
)
from documents.content import worded
from licensing import services
from licensing.lapses import land_approval_record
from licensing.models import RequestKind
from licensing.requests import permit_request_submit
from permits import access
from permits.models import Application

from .acts import PermitAct, permit_act_view
from .forms.licensing import (
    ChangeRequestForm,
    LandApprovalForm,
    RenewalRequestForm,
    StatementAnswerForm,
    StatementDropForm,
    StatementNoticeForm,
    SurrenderForm,
)

statement_notice = permit_act_view(
    PermitAct(
        access.can_revoke,
        MSG_NO_REVOKE,
        StatementNoticeForm,
        "statement_form",
        services.statement_notice_issue,
        MSG_NOTIFIED,
    )
)
statement_answer = permit_act_view(
    PermitAct(
        access.can_edit_application,
        MSG_NOT_HOLDER_LICENSING,
        StatementAnswerForm,
        "statement_answer_form",
        services.statement_answer,
        MSG_STATEMENT_ANSWERED,
    )
)
statement_drop = permit_act_view(
    PermitAct(
        access.can_revoke,
        MSG_NO_REVOKE,
        StatementDropForm,
        "statement_drop_form",
        services.statement_drop,
        MSG_DROPPED,
    )
)
land_approval = permit_act_view(
    PermitAct(
        access.can_edit_application,
        MSG_NOT_LAND_HOLDER,
        LandApprovalForm,
        "land_approval_form",
        land_approval_record,
        MSG_LAND_RECORDED,
    )
)
# The holder's requests after the grant (product.md §18 B1, B2, B10): the deciding agency
# accepts each first. A change's refusal names ``changes.<field>``, the form's field.
change_request = permit_act_view(
    PermitAct(
        access.can_edit_application,
        MSG_NOT_REQUESTER,
        ChangeRequestForm,
        "change_request_form",
        partial(permit_request_submit, kind=RequestKind.CHANGE),
        MSG_REQUESTED,
        {f"changes.{name}": name for name in ChangeRequestForm.base_fields},
    )
)
renewal_request = permit_act_view(
    PermitAct(
        access.can_edit_application,
        MSG_NOT_REQUESTER,
        RenewalRequestForm,
        "renewal_request_form",
        partial(permit_request_submit, kind=RequestKind.RENEWAL),
        MSG_REQUESTED,
    )
)
if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _surrender_consequence(application: Application) -> "StrOrPromise":
    """What giving up the permit means: a licence's cancellation (art. 70), or a 批复's."""
    return worded(
        application, MSG_CONFIRM_SURRENDER_CONSEQUENCE, MSG_CONFIRM_SURRENDER_CONSEQUENCE_APPROVAL
    )


surrender = permit_act_view(
    PermitAct(
        access.can_edit_application,
        MSG_NOT_REQUESTER,
        SurrenderForm,
        "surrender_form",
        partial(permit_request_submit, kind=RequestKind.SURRENDER),
        MSG_REQUESTED,
        offered_by="request_surrender",
        confirm=(
            MSG_CONFIRM_SURRENDER,
            MSG_CONFIRM_SURRENDER_CONSEQUENCE,
            MSG_CONFIRM_SURRENDER_BUTTON,
        ),
        consequence_of=_surrender_consequence,
    )
)
