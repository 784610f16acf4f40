"""A request granted: a change or renewal is a new ``PermitVersion`` with its 变更/延续决定书,
the document before it ``superseded``; a surrender cancels the permit with its 注销行政许可
通知书. What changed is written where it is kept, and what is owed from the permit's end moves
with it."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from audit.choices import AuditAction
from core.messages import MSG_TOLD_DEEMED, MSG_TOLD_GRANTED
from documents import content
from documents.models import Certificate, DocumentKind
from documents.notices.by_act import act_notice_issue
from permits.choices import (
    OWED_OBLIGATION_STATUSES,
    Kind,
    ObligationKind,
    ObligationStatus,
    OccupationKind,
)
from permits.models import Application, Obligation
from permits.obligations import (
    add_months,
    basis_for,
    obligations_at_end,
    standard_of,
    still_owed_extra,
)
from permits.services import fsm_apply

from ..models import (
    PermitRequest,
    PermitVersion,
    RequestKind,
    RequestStatus,
)
from ..selectors import current_version_document
from ..services import approval_marked
from ._common import RequestAct, _request_extra
from .changes import CHANGE_RULES


@dataclass(frozen=True)
class _NewVersion:
    """The version a change or renewal granted makes: its number, what it is valid for, and
    the document it supersedes."""

    number: int
    valid_from: date | None
    valid_until: date | None
    before: Certificate | None


def _grant(deciding: RequestAct, *, by_law: bool = False, today: date | None = None) -> None:
    """A change or renewal becomes a new version (the document before it superseded from the
    day the new version runs); a surrender cancels the permit."""
    detail, request = deciding.detail, deciding.request
    if request.kind == RequestKind.SURRENDER:
        _surrender(deciding)
        return
    today = today or timezone.localdate()
    version = _version_apply(detail, request, today)
    document = _version_decision_issue(deciding, version, by_law)
    _version_keep(detail, request, version, document, today)
    if request.kind == RequestKind.CHANGE:
        action = AuditAction.PERMIT_CHANGE
    else:
        action = AuditAction.RENEW_BY_LAW if by_law else AuditAction.RENEW
    valid_until = version.valid_until
    deciding.done(
        action,
        document,
        MSG_TOLD_DEEMED if by_law else MSG_TOLD_GRANTED,
        status=RequestStatus.GRANTED_BY_LAW if by_law else RequestStatus.GRANTED,
        details={
            "version": version.number,
            "superseded": version.before.number if version.before else None,
            "valid_until": valid_until.isoformat() if valid_until else None,
            **({"basis": _renewed_by_law_basis(detail)} if by_law else {}),
        },
        until=valid_until.isoformat() if valid_until else "",
    )


def _renewed_by_law_basis(detail: Application) -> str:
    """Art. 50(2), which a 批复 follows by analogy (its document says 参照, issue 46)."""
    return f"{content.by_analogy(detail)}{content.LICENSING_LAW}第五十条第二款"


def _version_apply(detail: Application, request: PermitRequest, today: date) -> _NewVersion:
    """What the change or renewal moves on the permit, and the version it makes."""
    before = current_version_document(detail)
    number = detail.permit_versions.count() + 2
    if request.kind == RequestKind.CHANGE:
        valid_from, valid_until = _change_apply(detail, request.changes, today)
    else:
        # The renewed period follows the one it continues.
        old = request.valid_until_then
        valid_from, valid_until = (old + timedelta(days=1) if old else today), request.until
        _renewal_apply(detail, request, today)
    return _NewVersion(number, valid_from, valid_until, before)


def _version_decision_issue(
    deciding: RequestAct, version: _NewVersion, by_law: bool
) -> Certificate:
    """The 变更/延续决定书 granting the new version."""
    detail, request = deciding.detail, deciding.request
    kind = (
        DocumentKind.CHANGE_DECISION
        if request.kind == RequestKind.CHANGE
        else DocumentKind.RENEWAL_DECISION
    )
    return act_notice_issue(
        deciding.act,
        kind,
        reason=deciding.text,
        extra={
            **_request_extra(detail, request),
            "outcome": "deemed" if by_law else "granted",
            "changes": list(request.changes.values()),
            "valid_from": version.valid_from,
            "valid_until": version.valid_until,
            "version": version.number,
            "superseded_number": version.before.number if version.before else "",
        },
        valid_from=version.valid_from,
        valid_until=version.valid_until,
    )


def _version_keep(
    detail: Application,
    request: PermitRequest,
    version: _NewVersion,
    document: Certificate,
    today: date,
) -> None:
    """The new version kept; the document before it superseded: by a change from the day of
    its decision (the permit is now the changed one, even where its work starts later), by a
    renewal granted early from the day the renewed period runs (until then the document
    before it is the permit in force)."""
    if version.before is not None:
        valid_from = version.valid_from
        renewal = request.kind == RequestKind.RENEWAL
        superseded_on = max(today, valid_from) if renewal and valid_from else today
        Certificate.objects.filter(pk=version.before.pk).update(superseded_on=superseded_on)
    PermitVersion.objects.create(
        application_id=detail.pk,
        number=version.number,
        valid_from=version.valid_from,
        valid_until=version.valid_until,
        changes=request.changes,
        request=request,
        document=document,
        created_at=timezone.now(),
    )


def _change_apply(
    detail: Application, changes: dict[str, Any], today: date
) -> tuple[date | None, date | None]:
    """Write what changed where it is kept; returns the new version's validity (a moved work
    period or a shorter temporary use moves its end and the obligations due from it)."""
    shared: dict[str, Any] = {}
    own: dict[str, Any] = {}
    for name, change in changes.items():
        rule = CHANGE_RULES[name]
        value = change["to"]
        if name in ("start_date", "end_date"):
            value = date.fromisoformat(value)
        elif name in ("area_ha", "quantity"):
            value = Decimal(value)
        if rule.on == "application":
            shared[name] = value
        elif rule.on == "type":
            own[name] = value
        setattr(detail, name, value)
    valid_until = detail.valid_until
    if "end_date" in own:
        valid_until = own["end_date"]
    if "duration_months" in own and detail.decided_at:
        valid_until = add_months(timezone.localdate(detail.decided_at), own["duration_months"])
    if valid_until != detail.valid_until:
        shared["valid_until"] = valid_until
        detail.valid_until = valid_until
        _obligations_move(detail, valid_until)
    if shared:
        Application.objects.filter(pk=detail.pk).update(**shared)
    if own:
        type(detail).objects.filter(pk=detail.pk).update(**own)
    valid_from = getattr(detail, "start_date", None) if detail.kind == Kind.TENDING else today
    return valid_from or today, valid_until


def _obligations_move(detail: Application, until: date | None) -> None:
    """What is owed from the permit's end moves with it: a tending completion, a temporary
    use's restoration (the standard's days and months, as at the grant)."""
    if until is None:
        return
    standard = standard_of(detail.jurisdiction_id)
    owed = Obligation.objects.filter(application_id=detail.pk, status__in=OWED_OBLIGATION_STATUSES)
    owed.filter(kind=ObligationKind.TENDING_COMPLETION).update(
        due_date=until + timedelta(days=standard.completion_days)
    )
    owed.filter(kind=ObligationKind.RESTORATION_COMPLETION).update(
        due_date=add_months(until, standard.restoration_months)
    )


def _renewal_apply(detail: Application, request: PermitRequest, today: date) -> None:
    """The permit runs to the renewed day; an introduction owes its monitoring for the added
    period (every interval, and at its end)."""
    old, until = detail.valid_until, request.until
    assert until is not None  # a renewal asks for its new last day
    Application.objects.filter(pk=detail.pk).update(valid_until=until)
    detail.valid_until = until
    _obligations_move(detail, until)
    interval = getattr(detail, "monitoring_interval_months", None)
    if detail.kind != Kind.INTRODUCTION or not interval or old is None:
        return
    dues, step = [], 1
    while (due := add_months(old, step * interval)) < until:
        dues.append(due)
        step += 1
    # The last report is due at the end; an interval's report less than half an interval before
    # it would be a second report for the same months.
    if dues and (until - dues[-1]).days < interval * 15:
        dues.pop()
    dues.append(until)
    monitoring = Obligation.objects.filter(application_id=detail.pk, kind=ObligationKind.MONITORING)
    # Reports not yet due that an earlier schedule set after the old end (a period that was
    # moved) follow the renewed period's schedule: one report per interval, never two.
    later = list(
        monitoring.filter(status=ObligationStatus.OPEN, due_date__gt=old).order_by("due_date")
    )
    for obligation, due in zip(later, dues, strict=False):
        Obligation.objects.filter(pk=obligation.pk).update(due_date=due)
    dues = dues[len(later) :]
    last = monitoring.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    Obligation.objects.bulk_create(
        Obligation(
            application_id=detail.pk,
            kind=ObligationKind.MONITORING,
            sequence=last + i,
            due_date=due,
            basis=basis_for(ObligationKind.MONITORING, detail.jurisdiction_id),
        )
        for i, due in enumerate(dues, start=1)
    )


def _surrender(deciding: RequestAct) -> None:
    """注销 on the holder's request: the permit ends today. A temporary use's land is then to
    be restored within the year (森林法 art. 38): its use ends, the restoration is owed."""
    detail, request, text = deciding.detail, deciding.request, deciding.text
    today = timezone.localdate()
    temporary = getattr(detail, "occupation_kind", None) == OccupationKind.TEMPORARY
    restoration_due = None
    if temporary:
        Application.objects.filter(pk=detail.pk).update(valid_until=today)
        detail.valid_until = today
        _obligations_move(detail, today)
        restoration_due = add_months(today, standard_of(detail.jurisdiction_id).restoration_months)
        fsm_apply(detail, detail.use_end)
    else:
        fsm_apply(detail, detail.surrender)
    # What the work already done left owed stays owed; the rest ends (F38). A temporary use's
    # restoration was moved above (its use ended).
    still_owed = still_owed_extra(detail, obligations_at_end(detail, ended_on=today))
    document = act_notice_issue(
        deciding.act,
        DocumentKind.CANCELLATION_NOTICE,
        reason=text,
        extra={
            **_request_extra(detail, request),
            "restoration_due": restoration_due,
            "still_owed": still_owed,
        },
    )
    # The approval carries its 已注销 mark, dated (its verification answers "cancelled" since).
    licence = content.is_licence(detail)
    holder = "被许可人" if licence else "批复持有单位"
    approval_marked(detail, on=today, reason=f"{holder}申请注销，见{document.number}", mark="注销")
    deciding.done(
        AuditAction.SURRENDER,
        document,
        MSG_TOLD_GRANTED,
        status=RequestStatus.GRANTED,
        details={
            # A 批复's 注销 rests on its holder's request, not art. 70 (its notice's 依据).
            "basis": f"{content.LICENSING_LAW}第七十条" if licence else "批复持有单位的注销申请",
            **({"restoration_due": restoration_due.isoformat()} if restoration_due else {}),
            "still_owed": still_owed,
        },
    )
