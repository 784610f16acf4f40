"""What the acts on a request share: its event's details and its documents' extra values, the
end of its open tasks, the check that the permit is still in force, and ``RequestAct``, the act
of deciding a request (every decision ends the same way)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from viewflow.workflow.models import Task

from audit.choices import AuditAction
from core.errors import StateConflict
from core.masking import changes_masked
from core.messages import MSG_NOT_IN_FORCE
from documents.models import Certificate
from permits.acts import Act
from permits.choices import (
    NotificationKind,
    Status,
)
from permits.models import Application
from workflows.clock import task_clock_end
from workflows.engine import OPEN_TASK_STATUSES
from workflows.services import tell_applicants

from ..models import (
    PermitRequest,
    RequestKind,
)
from ..selectors import is_permanent_occupation


def _in_force_refused(detail: Application) -> None:
    if detail.status != Status.APPROVED:
        raise StateConflict.on("not_in_force", MSG_NOT_IN_FORCE)


def _request_details(request: PermitRequest) -> dict[str, Any]:
    details: dict[str, Any] = {"permit_request_id": request.pk, "kind": request.kind}
    if request.changes:
        # A contact change's person and phone masked (issue 49): the request is recorded before
        # its contact is written where it is kept, encrypted, and the event is never rewritten.
        details["changes"] = changes_masked(request.changes)
    if request.until:
        details["until"] = request.until.isoformat()
    if request.valid_until_then:
        details["valid_until"] = request.valid_until_then.isoformat()
    return details


def _kind_name(request: PermitRequest) -> str:
    names = {"change": "变更", "renewal": "延续", "surrender": "注销"}
    return names[request.kind]


def _request_tasks_end(request_pk: int) -> None:
    """The open tasks of a request cancelled and their clocks ended (the law or another act
    decided it)."""
    for task in Task.objects.select_for_update().filter(
        process__permitprocess__permit_request_id=request_pk,
        flow_task_type="HUMAN",
        status__in=OPEN_TASK_STATUSES,
    ):
        task_clock_end(task=task)
        process = task.process
        process.flow_class.instance.cancel(process)


@dataclass(frozen=True)
class RequestAct:
    """The act of deciding ``request``: ``act`` is the deciding agency's (or the law's) act on
    the permit, built once; ``text`` the reason given. Every decision ends the same way."""

    act: Act
    request: PermitRequest
    text: str
    # What the act on the task records of itself (``TaskAct.details``: a substitute).
    act_details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def detail(self) -> Application:
        application = self.act.application
        assert application is not None  # an act on a request is an act on its permit
        return application

    @property
    def by(self) -> User | None:
        return self.act.by

    def done(
        self,
        action: AuditAction,
        document: Certificate,
        told: Any,
        *,
        status: str | None = None,
        details: dict[str, Any] | None = None,
        **values: object,
    ) -> None:
        """The request decided by ``document`` (``status``; None: its state is saved already),
        the event, the holder told with ``told``."""
        request, detail = self.request, self.detail
        if status is not None:
            request.status, request.decision = status, document
            fields = ["status", "decided_at", "decided_by", "opinion", "decision"]
            request.save(update_fields=fields)
        self.act.record(
            action,
            opinion=self.text,
            details={
                **_request_details(request),
                "number": document.number,
                **(details or {}),
                **self.act_details,
            },
        )
        tell_applicants(
            detail,
            NotificationKind.PERMIT_REQUEST,
            told,
            what=_kind_name(request),
            why=self.text,
            number=document.number,
            **values,
        )


def _request_extra(detail: Application, request: PermitRequest) -> dict[str, Any]:
    extension = request.kind == RequestKind.RENEWAL and is_permanent_occupation(detail)
    return {
        "request_kind": request.kind,
        "requested_on": timezone.localdate(request.requested_at),
        "request_reason": request.reason,
        "extension": extension,
        "old_until": request.valid_until_then,
        "occupation_kind": getattr(detail, "occupation_kind", ""),
    }
