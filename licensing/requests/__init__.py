"""The holder's requests after the grant (product.md §18 B1-B4, B10): a change (变更,
Administrative Licensing Law art. 49), a renewal (延续, art. 50) or a permanent occupation's
extension (延期, 35号令 art. 25), a surrender (注销 on the holder's request, art. 70).

The holder asks (``permit_request_submit``): what a change may alter is the rule table
``CHANGE_RULES`` (each field with what it may become, anything else needs a new application),
when a renewal may be asked is ``renewal_limit`` (the article and the type's rule); a request
the rules refuse is refused there with a 400 naming the field and the rule, and nothing is
kept. A request kept starts ``flows.PermitRequestFlow``: the deciding agency accepts it (受理
通知书 or 不予受理决定书), then decides it; a change or renewal granted is a new
``PermitVersion`` with its 变更/延续决定书, the document before it ``superseded``; a surrender
granted cancels the permit with its 注销行政许可通知书. A renewal not decided by the permit's
last day is granted by the law (``renewals_deem``, the tick; art. 50(2)). Each act is one
transaction with its audit event, its numbered document and who is told.

One module per act or group of acts: ``changes`` (what a change may alter), ``renewals`` (when
a renewal may be asked), ``submission`` (the holder asks), ``decision`` (the deciding agency
accepts and decides: the step decider), ``grants`` (a change, renewal or surrender granted),
``closing`` (the law grants a renewal not decided; a request on a permit that ended is
closed); ``_common`` holds what they share (``RequestAct``, the act of deciding a request).
Callers import from ``licensing.requests``, which re-exports the public names below (the
settings' ``PERMITS_STEP_DECIDERS`` and ``PERMITS_TICK_JOBS`` name them here).
"""

from ._common import RequestAct
from .changes import (
    CHANGE_RULES,
    NAME_MAX,
    NEEDS_NEW_APPLICATION,
    ChangeRule,
    change_current_values,
    changes_clean,
    current_holder_name,
)
from .closing import renewals_deem, requests_close, requests_orphaned_close
from .decision import decisions_offered, permit_request_decide, request_of_task
from .renewals import renewal_limit, renewal_until_clean
from .submission import permit_request_submit

__all__ = [
    # The services, the step decider and the tick's jobs.
    "permit_request_submit",
    "permit_request_decide",
    "renewals_deem",
    "requests_close",
    "requests_orphaned_close",
    # What they read and check.
    "CHANGE_RULES",
    "NAME_MAX",
    "NEEDS_NEW_APPLICATION",
    "ChangeRule",
    "RequestAct",
    "change_current_values",
    "changes_clean",
    "current_holder_name",
    "decisions_offered",
    "renewal_limit",
    "renewal_until_clean",
    "request_of_task",
    # What they say.
]
