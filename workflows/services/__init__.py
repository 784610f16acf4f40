"""The review: the applicant's submit and withdraw, reviewers' claim, unclaim and decide, the
deciding agency's revoke, route edits. One transaction each; the application row is locked
first, then the task: two reviewers deciding one task queue; the second gets 409.

One module per concept: ``protocol`` (the task protocol, written once: every decision on a
task locked, checked, claimed, handed to its step's decider, completed), ``acts`` (the act it
hands a decider, and what the decider gives back), ``submission`` (submit, resubmit,
withdraw), ``claims`` (claim, unclaim, the release of tasks on a revoked role), ``decision``
(the review steps' decider, the acceptance deemed by law) and ``outcomes`` (what every
decision does once its task is complete), ``returns`` (the items of a return, the
resubmission's note and where it resumes), ``grounds`` (a refusal's or a non-acceptance's
grounds), ``procedures`` (the special procedures of art. 45), ``hearings`` (the hearing of arts.
46–48), ``routes`` (the admin's route
edits), ``applicants`` (what the applicants are told), ``steps`` (a task's step and role; its
route and agency are read once by ``workflows.engine.reads``); ``_common`` holds what the task
services share (``_locked_task``). Callers import from ``workflows.services``, which
re-exports the public names below."""

from core.messages import (
    MSG_ACCEPTANCE_RETURNED_ONCE,
    MSG_DECISION_INVALID,
    MSG_DEEMED_ACCEPTED,
    MSG_GROUND_NOT_FOUND,
    MSG_GROUNDS_INVALID,
    MSG_GROUNDS_NOT_ALLOWED,
    MSG_ITEMS_ONLY_WITH_RETURN,
    MSG_NO_LONGER_LAWFUL,
    MSG_NON_ACCEPTANCE_GROUND_UNKNOWN,
    MSG_NOT_CLAIMED,
    MSG_NOT_YOUR_AGENCY,
    MSG_NOTE_INVALID,
    MSG_NOTE_TOO_LONG,
    MSG_OPINION_REQUIRED,
    MSG_REASON_AGAINST_DISAGREEMENT,
    MSG_RETURN_ITEM,
    MSG_RETURN_ITEM_FIELD,
    MSG_RETURN_ITEM_KIND,
    MSG_RETURN_ITEM_TOO_LONG,
    MSG_RETURN_ITEMS_REQUIRED,
    MSG_RETURN_ITEMS_TOO_MANY,
    MSG_ROLE_REVOKED,
    MSG_TASK_DONE,
    MSG_TASK_TAKEN,
    MSG_TOLD_ACCEPTED,
    MSG_TOLD_APPROVED,
    MSG_TOLD_NOT_ACCEPTED,
    MSG_TOLD_REJECTED,
    MSG_TOLD_RESUBMITTED,
    MSG_TOLD_RETURNED,
    MSG_TOLD_REVOKED,
    MSG_TOLD_SUBMITTED,
)
from core.messages import (
    MSG_TOO_LONG_WORKFLOWS as MSG_TOO_LONG,
)

from ..engine.reads import task_agency, task_route
from ._common import TEXT_MAX, day_of, required_text
from ._common import _audit as task_event
from .acts import Asked, Decided, StepDecider, TaskAct
from .applicants import tell_applicants
from .claims import on_role_revoked, task_claim, task_unclaim, tasks_release_unheld
from .decision import DECISION_READS, TASK_DECISION_READS, acceptance_deem, review_decide
from .fee_determination import fee_determine
from .fees import fee_demand, fee_record, fee_remind, fee_required, fees_unpaid
from .findings import BLOCKING_FINDINGS, standing_blocking
from .grounds import MSG_GROUND_UNKNOWN_FOR
from .hearings import (
    hearing_hold,
    hearing_offer,
    hearing_overdue_tell,
    hearing_request,
    hearings_overdue,
)
from .national import authority_of, national_decision_record
from .parties import (
    compensation_agreement_confirm,
    interested_party_answer,
    interested_party_notify,
    interested_party_served,
)
from .procedures import special_procedure_end, special_procedure_start
from .protocol import act_begin, step_decider, task_decide
from .returns import (
    NOTE_MAX,
    RESUMES_AT,
    RETURN_ITEM_KEYS,
    RETURN_ITEM_MESSAGE_MAX,
    RETURN_ITEMS_MAX,
)
from .returns import _validate_return_items as return_items_validate
from .routes import (
    fee_rate_delete,
    fee_rate_save,
    route_delete,
    route_describe,
    route_save,
)
from .sitechecks import site_check_record
from .steps import STEP_ROLE, node_step, task_role, task_step
from .submission import application_submit, application_withdraw

__all__ = [
    "day_of",
    "required_text",
    # The services.
    "acceptance_deem",
    "application_submit",
    "application_withdraw",
    "fee_demand",
    "fee_rate_delete",
    "fee_rate_save",
    "fee_record",
    "fee_determine",
    "fee_remind",
    "fee_required",
    "fees_unpaid",
    "authority_of",
    "hearing_hold",
    "hearing_overdue_tell",
    "hearing_offer",
    "hearing_request",
    "hearings_overdue",
    "national_decision_record",
    "compensation_agreement_confirm",
    "interested_party_answer",
    "interested_party_notify",
    "interested_party_served",
    "on_role_revoked",
    "route_delete",
    "site_check_record",
    "special_procedure_end",
    "special_procedure_start",
    "route_describe",
    "route_save",
    "task_claim",
    "review_decide",
    "task_event",
    "task_role",
    "TaskAct",
    "Asked",
    "Decided",
    "StepDecider",
    "act_begin",
    "step_decider",
    "task_decide",
    "return_items_validate",
    "task_unclaim",
    "tasks_release_unheld",
    "tell_applicants",
    # What a task stands for.
    "STEP_ROLE",
    "node_step",
    "task_agency",
    "task_route",
    "task_step",
    # What the services read at once, and their limits.
    "DECISION_READS",
    "TASK_DECISION_READS",
    "NOTE_MAX",
    "RESUMES_AT",
    "RETURN_ITEM_KEYS",
    "RETURN_ITEM_MESSAGE_MAX",
    "RETURN_ITEMS_MAX",
    # What they say.
    "MSG_ACCEPTANCE_RETURNED_ONCE",
    "MSG_DECISION_INVALID",
    "MSG_DEEMED_ACCEPTED",
    "MSG_GROUND_NOT_FOUND",
    "MSG_GROUND_UNKNOWN_FOR",
    "BLOCKING_FINDINGS",
    "standing_blocking",
    "MSG_GROUNDS_INVALID",
    "MSG_GROUNDS_NOT_ALLOWED",
    "MSG_ITEMS_ONLY_WITH_RETURN",
    "MSG_NO_LONGER_LAWFUL",
    "MSG_NON_ACCEPTANCE_GROUND_UNKNOWN",
    "MSG_NOT_CLAIMED",
    "MSG_NOT_YOUR_AGENCY",
    "MSG_NOTE_INVALID",
    "MSG_NOTE_TOO_LONG",
    "MSG_OPINION_REQUIRED",
    "MSG_REASON_AGAINST_DISAGREEMENT",
    "MSG_RETURN_ITEM",
    "MSG_RETURN_ITEM_FIELD",
    "MSG_RETURN_ITEM_KIND",
    "MSG_RETURN_ITEM_TOO_LONG",
    "MSG_RETURN_ITEMS_REQUIRED",
    "MSG_RETURN_ITEMS_TOO_MANY",
    "MSG_ROLE_REVOKED",
    "MSG_TASK_DONE",
    "MSG_TASK_TAKEN",
    "MSG_TOO_LONG",
    "TEXT_MAX",
    "MSG_TOLD_ACCEPTED",
    "MSG_TOLD_APPROVED",
    "MSG_TOLD_NOT_ACCEPTED",
    "MSG_TOLD_REJECTED",
    "MSG_TOLD_RESUBMITTED",
    "MSG_TOLD_RETURNED",
    "MSG_TOLD_REVOKED",
    "MSG_TOLD_SUBMITTED",
]
