"""The holder's requests after the grant (product.md §18 B1-B4, B10): a change (变更,
Administrative Licensing Law art. 49), a renewal (延续, art. 50) or a permanent occupation's
extension (延期, 35号令 art. 25), a surrender (注销 on the holder's request, art. 70).

The holder asks (``permit_request_submit``): what a change may alter is the rule table
``CHANGE_RULES`` (each field with what it may become, anything else needs a new application),
when a renewal may be asked is ``renewal_refusal`` (the article and the type's rule); a request
the rules refuse is refused there with a 400 naming the field and the rule, and nothing is
kept. A request kept starts ``flows.PermitRequestFlow``: the deciding agency accepts it (受理
通知书 or 不予受理决定书), then decides it; a change or renewal granted is a new
``PermitVersion`` with its 变更/延续决定书, the document before it ``superseded``; a surrender
granted cancels the permit with its 注销行政许可通知书. A renewal not decided by the permit's
last day is granted by the law (``renewals_deem``, the tick; art. 50(2)). Each act is one
transaction with its audit event, its numbered document and who is told.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task

from audit.choices import AuditAction
from audit.trail import audit_appended_last, audit_record, display_name
from core.errors import InvalidInput, Problem, StateConflict
from documents.issue import certificate_rerender_revoked
from documents.models import Certificate, DocumentKind
from documents.notices import notice_issue
from permits import access
from permits.choices import (
    OWED_OBLIGATION_STATUSES,
    Decision,
    Kind,
    NotificationKind,
    ObligationKind,
    OccupationKind,
    Status,
    Step,
)
from permits.models import Application, Obligation
from permits.notifications import notify
from permits.obligations import (
    Standard,
    add_months,
    basis_for,
    obligations_at_end,
    standard_of,
    still_owed_extra,
)
from permits.services import application_relock, fsm_apply
from roles.models import Agency, Role
from workflows import selectors as task_selectors
from workflows.clock import process_clocks_start, task_clock_end
from workflows.deadlines import add_working_days
from workflows.engine import OPEN_TASK_STATUSES
from workflows.selectors import current_route
from workflows.services import Decided, TaskAct, day_of, task_role, tell_applicants
from workflows.services.steps import task_step

from .flows import PermitRequestFlow
from .models import (
    OPEN_REQUEST_STATUSES,
    PermitRequest,
    PermitVersion,
    RequestKind,
    RequestStatus,
)
from .selectors import current_version_document, is_permanent_occupation, land_approval_of
from .services import fields_clean, national_grant_refused, text_clean

ART_49 = "《中华人民共和国行政许可法》第四十九条"
ART_50 = "《中华人民共和国行政许可法》第五十条"
ART_20 = "《建设项目使用林地审核审批管理办法》第二十条"
ART_25 = "《建设项目使用林地审核审批管理办法》第二十五条"
FOREST_38 = "《中华人民共和国森林法》第三十八条"

MSG_NOT_HOLDER = _("Only the permit holder's applicants make requests on the permit.")
MSG_NOT_IN_FORCE = _("Only a permit in force takes a change, renewal or surrender request.")
MSG_OPEN = _("A request on this permit is still open: wait for its decision.")
MSG_KIND = _("Choose change, renewal or surrender.")
MSG_CHANGES = _("Name at least one field to change, each with its new value.")
MSG_UNKNOWN = _("This field is not part of the permit.")
MSG_NEW_APPLICATION = _(
    "A change may not alter this: it needs a new application (Administrative Licensing Law "
    "art. 49)."
)
MSG_ONLY_REDUCE = _(
    "A change may only reduce it (now %(now)s); more needs a new application (Administrative "
    "Licensing Law art. 49)."
)
MSG_NUMBER = _("Enter a number greater than zero.")
MSG_NUMBER_PLACES = _("Enter a number greater than zero with at most %(places)s decimals.")
MSG_PAST = _("A changed work date may not be before today, %(date)s.")
MSG_SAME = _("This is the value the permit already has.")
MSG_PROOF = _(
    "A new holder name needs the registration of the change (its document number): "
    "registration_proof."
)
MSG_WORK_YEAR = _(
    "The work period may move only within the year %(year)s, its start before its end."
)
MSG_DATE = _("Enter a date in the form YYYY-MM-DD.")
MSG_TEMPORARY_MAX = _(
    "A temporary use lasts at most %(months)s months (Forest Law art. 38): ask for a renewal "
    "or a new application."
)
MSG_TENDING_NO_RENEWAL = _(
    "A tending design is not renewed: move its work period within the year by a change, or "
    "apply anew for work not done."
)
MSG_NO_END = _("This permit has no end date to renew.")
MSG_UNTIL_AFTER = _("The new last day must be after the permit's last day, %(date)s.")
MSG_UNTIL_MAX = _("A renewal continues the permit by at most %(months)s months, to %(date)s.")
MSG_RENEWAL_LATE = _(
    "A renewal is asked at least %(days)s days before the permit ends (by %(date)s; "
    "Administrative Licensing Law art. 50)."
)
MSG_EXTENSION_LATE = _(
    "An extension is asked at least %(months)s months before the approval ends (by %(date)s; "
    "建设项目使用林地审核审批管理办法 art. 25)."
)
MSG_EXTENSION_NOT_NEEDED = _(
    "The construction-land approval is recorded: the approval no longer runs out, nothing to "
    "extend."
)
MSG_TEMPORARY_WINDOW = _(
    "A temporary use is renewed on a request made within the last %(months)s months before it "
    "ends, from %(date)s (建设项目使用林地审核审批管理办法 art. 20)."
)
MSG_TEMPORARY_TYPE = _(
    "Only a temporary use for roads, railways, water works, waterways and similar projects is "
    "renewed (建设项目使用林地审核审批管理办法 art. 20); this project is not one."
)
MSG_DECISION = _("Choose one of the decisions offered.")
MSG_CLOSED = _("This request is no longer open.")
MSG_OPINION = _("State the reason for this decision.")
MSG_NO_GROUNDS = _("A permit request's decision names no grounds; state its reason.")
MSG_NO_ITEMS = _("A permit request is not returned for correction.")
MSG_TOLD_REQUEST = _("The holder of application {reference} asked for a {what} of its permit.")
MSG_TOLD_ACCEPTED = _(
    "Your {what} request on application {reference} was accepted; the agency decides by {due}."
)
MSG_TOLD_NOT_ACCEPTED = _("Your {what} request on application {reference} was not accepted: {why}")
MSG_TOLD_GRANTED = _("Your {what} request on application {reference} was granted ({number}).")
MSG_TOLD_REFUSED = _("Your {what} request on application {reference} was refused: {why}")
MSG_TOLD_DEEMED = _(
    "Your renewal request on application {reference} was not decided before the permit's last "
    "day: it is renewed by law until {until} ({number})."
)
NAME_MAX, PHONE_MAX, PROOF_MAX = 200, 30, 200


# ---- What a change may alter (product.md §18 B1; art. 49) ----------------------------------


@dataclass(frozen=True)
class ChangeRule:
    """One field a change may alter: its label as printed, the kinds it applies to, and the
    check that returns the new value or raises (the permit's current value given)."""

    label: str
    kinds: tuple[str, ...]
    clean: Callable[[Application, Any, Standard], Any]
    # Where the field is kept: the application's shared row, the type's row, or the version
    # only (the holder's new name is printed from the versions on).
    on: str = "type"


def _text(limit: int) -> Callable[[Application, Any, Standard], Any]:
    def clean(detail: Application, value: Any, standard: Standard) -> Any:
        return text_clean(value, "value", limit)

    return clean


# A plain decimal number in ASCII digits (the JSON number or its text).
PLAIN_NUMBER = re.compile(r"[0-9]{1,12}(\.[0-9]{1,8})?")


def _reduced(name: str, places: int) -> Callable[[Application, Any, Standard], Any]:
    """A smaller positive value of ``name``, at most ``places`` decimals as the field keeps it
    (what would be rounded away is refused, not rounded)."""

    def clean(detail: Application, value: Any, standard: Standard) -> Any:
        text = str(value).strip() if isinstance(value, int | float | str) else ""
        if isinstance(value, bool) or not PLAIN_NUMBER.fullmatch(text):
            raise InvalidInput.on("value", "invalid", MSG_NUMBER)
        new = Decimal(text)
        if new <= 0 or new != new.quantize(Decimal(1).scaleb(-places)):
            raise InvalidInput.on("value", "invalid", MSG_NUMBER_PLACES % {"places": places})
        now = getattr(detail, name)
        if now is not None and new == now:
            raise InvalidInput.on("value", "unchanged", MSG_SAME)
        if now is not None and new > now:
            raise InvalidInput.on("value", "not_a_reduction", MSG_ONLY_REDUCE % {"now": now})
        return new

    return clean


def _work_day(detail: Application, value: Any, standard: Standard) -> date:
    day = day_of(value)
    if day is None:
        raise InvalidInput.on("value", "invalid", MSG_DATE)
    return day


def _months(detail: Application, value: Any, standard: Standard) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise InvalidInput.on("value", "invalid", MSG_NUMBER)
    if value > standard.temporary_max_months:
        message = MSG_TEMPORARY_MAX % {"months": standard.temporary_max_months}
        raise InvalidInput.on("value", "beyond_temporary_max", message)
    now = getattr(detail, "duration_months", None)
    if now is not None and value >= now:
        raise InvalidInput.on("value", "not_a_reduction", MSG_ONLY_REDUCE % {"now": now})
    return value


ALL_KINDS = (Kind.TENDING, Kind.OCCUPATION, Kind.INTRODUCTION)
CHANGE_RULES: dict[str, ChangeRule] = {
    "holder_name": ChangeRule("被许可人名称", ALL_KINDS, _text(NAME_MAX), on="version"),
    "contact_name": ChangeRule("联系人", ALL_KINDS, _text(50), on="application"),
    "contact_phone": ChangeRule("联系电话", ALL_KINDS, _text(PHONE_MAX), on="application"),
    "area_ha": ChangeRule("面积（公顷）", (Kind.TENDING, Kind.OCCUPATION), _reduced("area_ha", 4)),
    "quantity": ChangeRule("引入数量", (Kind.INTRODUCTION,), _reduced("quantity", 2)),
    "start_date": ChangeRule("作业开始日期", (Kind.TENDING,), _work_day),
    "end_date": ChangeRule("作业结束日期", (Kind.TENDING,), _work_day),
    "duration_months": ChangeRule("临时使用期限（月）", (Kind.OCCUPATION,), _months),
}
# What a change may never alter: the site, the species, the operation, the use. Named so the
# refusal says why rather than "unknown field".
NEEDS_NEW_APPLICATION = (
    "site_geometry",
    "district",
    "township",
    "village",
    "compartments",
    "parcels",
    "operation_type",
    "thinning_intensity_pct",
    "removal_volume_m3",
    "scientific_name",
    "chinese_name",
    "taxon_group",
    "introduction_site",
    "habitat_domain",
    "purpose",
    "occupation_kind",
    "project_type",
    "project_name",
    "land_category",
    "forest_category",
    "kind",
    "title",
)


def _change_value(detail: Application, name: str) -> Any:
    if name == "holder_name":
        return current_holder_name(detail)
    return getattr(detail, name, None)


def current_holder_name(detail: Application) -> str:
    """The holder's name as the permit's latest version prints it."""
    for version in detail.permit_versions.order_by("-number"):
        if "holder_name" in version.changes:
            return str(version.changes["holder_name"]["to"])
    return detail.organisation.name


def changes_clean(detail: Application, changes: Any, standard: Standard) -> dict[str, Any]:
    """The changes asked, each ``{"label", "from", "to"}`` as printed, or one 400 naming every
    field the rule table refuses (``changes.<field>``)."""
    if not isinstance(changes, dict) or not changes:
        raise InvalidInput.on("changes", "required", MSG_CHANGES)
    proof = changes.get("registration_proof")
    cleaned: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, value in changes.items():
        if name == "registration_proof":
            continue
        field = f"changes.{name}"
        rule = CHANGE_RULES.get(name) if isinstance(name, str) else None
        if rule is None or detail.kind not in rule.kinds:
            known = name in NEEDS_NEW_APPLICATION or name in CHANGE_RULES
            code, message = ("needs_new_application", MSG_NEW_APPLICATION)
            if not known:
                code, message = "unknown_field", MSG_UNKNOWN
            problems.append(Problem(field, code, str(message)))
            continue
        try:
            new = rule.clean(detail, value, standard)
        except InvalidInput as refused:
            problems += [Problem(field, p.code, p.message) for p in refused.problems]
            continue
        old = _change_value(detail, name)
        if str(old) == str(new):
            problems.append(Problem(field, "unchanged", str(MSG_SAME)))
            continue
        cleaned[name] = {"label": rule.label, "from": _printable(old), "to": _printable(new)}
    if "holder_name" in cleaned:
        try:
            cleaned["holder_name"]["proof"] = text_clean(proof, "registration_proof", PROOF_MAX)
        except InvalidInput:
            problems.append(Problem("changes.registration_proof", "required", str(MSG_PROOF)))
    if detail.kind == Kind.TENDING and ("start_date" in cleaned or "end_date" in cleaned):
        problems += _work_period_problems(detail, cleaned)
    if problems:
        raise InvalidInput(problems=problems)
    if not cleaned:
        raise InvalidInput.on("changes", "required", MSG_CHANGES)
    return cleaned


def _printable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return "" if value is None else value


def _work_period_problems(detail: Application, cleaned: dict[str, Any]) -> list[Problem]:
    """A tending work period moved within its year, its start before its end (B1)."""
    start = cast(date | None, getattr(detail, "start_date", None))
    end = cast(date | None, getattr(detail, "end_date", None))
    year = (start or end or timezone.localdate()).year
    new_start = (
        date.fromisoformat(cleaned["start_date"]["to"]) if "start_date" in cleaned else start
    )
    new_end = date.fromisoformat(cleaned["end_date"]["to"]) if "end_date" in cleaned else end
    message = str(MSG_WORK_YEAR % {"year": year})
    today = timezone.localdate()
    problems = []
    for name, day in (("start_date", new_start), ("end_date", new_end)):
        if name in cleaned and day is not None and day.year != year:
            problems.append(Problem(f"changes.{name}", "outside_year", message))
        elif name in cleaned and day is not None and day < today:
            past = str(MSG_PAST % {"date": today.isoformat()})
            problems.append(Problem(f"changes.{name}", "in_the_past", past))
    if not problems and new_start and new_end and new_start > new_end:
        field = "changes.end_date" if "end_date" in cleaned else "changes.start_date"
        problems.append(Problem(field, "before_start", message))
    return problems


# ---- When a renewal may be asked (B2-B5; art. 50, 35号令 arts. 20, 25) ---------------------


def renewal_limit(detail: Application, today: date, standard: Standard) -> int:
    """How many months a renewal asked today may add, or a 400 naming the rule that refuses a
    renewal of this permit today."""
    if detail.kind == Kind.TENDING:
        raise InvalidInput.on("until", "not_renewable", MSG_TENDING_NO_RENEWAL)
    end = detail.valid_until
    if end is None:
        raise InvalidInput.on("until", "no_end", MSG_NO_END)
    occupation_kind = getattr(detail, "occupation_kind", None)
    if occupation_kind == OccupationKind.TEMPORARY:
        if getattr(detail, "project_type", "") not in standard.temporary_renewal_project_types:
            raise InvalidInput.on("project_type", "not_renewable", MSG_TEMPORARY_TYPE)
        opens = add_months(end, -standard.temporary_renewal_months)
        if not opens <= today <= end:
            message = MSG_TEMPORARY_WINDOW % {
                "months": standard.temporary_renewal_months,
                "date": opens.isoformat(),
            }
            raise InvalidInput.on("until", "outside_renewal_window", message)
        return standard.temporary_max_months
    if occupation_kind == OccupationKind.PERMANENT:
        if land_approval_of(detail) is not None:
            raise InvalidInput.on("until", "not_needed", MSG_EXTENSION_NOT_NEEDED)
        latest = add_months(end, -standard.extension_months_before)
        if today > latest:
            message = MSG_EXTENSION_LATE % {
                "months": standard.extension_months_before,
                "date": latest.isoformat(),
            }
            raise InvalidInput.on("until", "too_late", message)
        return standard.permanent_validity_months
    latest = end - timedelta(days=standard.renewal_days_before)
    if today > latest:
        message = MSG_RENEWAL_LATE % {
            "days": standard.renewal_days_before,
            "date": latest.isoformat(),
        }
        raise InvalidInput.on("until", "too_late", message)
    # An introduction continues by at most its monitoring period as granted.
    return 12 * (getattr(detail, "monitoring_years", None) or 1)


def renewal_until_clean(detail: Application, until: Any, today: date, standard: Standard) -> date:
    """The renewal's new last day, or a 400 naming the rule that refuses it."""
    months = renewal_limit(detail, today, standard)
    end = detail.valid_until
    assert end is not None  # renewal_limit refused a permit without an end
    day = day_of(until)
    if day is None:
        raise InvalidInput.on("until", "invalid", MSG_DATE)
    if day <= end:
        raise InvalidInput.on("until", "not_after_end", MSG_UNTIL_AFTER % {"date": end.isoformat()})
    furthest = add_months(end, months)
    if day > furthest:
        message = MSG_UNTIL_MAX % {"months": months, "date": furthest.isoformat()}
        raise InvalidInput.on("until", "too_long", message)
    return day


# ---- The holder asks ------------------------------------------------------------------------


def _in_force_refused(detail: Application) -> None:
    if detail.status != Status.APPROVED:
        problem = Problem(None, "not_in_force", str(MSG_NOT_IN_FORCE))
        raise StateConflict(MSG_NOT_IN_FORCE, [problem])


@transaction.atomic
@audit_appended_last
def permit_request_submit(
    *,
    application: Application,
    by: User,
    kind: Any,
    reason: Any,
    changes: Any = None,
    until: Any = None,
    client_ip: str | None = None,
) -> PermitRequest:
    """The holder asks for a change, a renewal or a surrender of its permit in force: refused
    with every wrong field at once (400) or in the wrong state (409), else kept and its
    acceptance task started for the deciding agency."""
    detail = application_relock(application)
    access.require(access.can_edit_application(by, detail), MSG_NOT_HOLDER)
    if kind not in RequestKind.values:
        raise InvalidInput.on("kind", "invalid_choice", MSG_KIND)
    chosen = RequestKind(kind)
    _in_force_refused(detail)
    national_grant_refused(detail)
    if detail.permit_requests.filter(status__in=OPEN_REQUEST_STATUSES).exists():
        raise StateConflict(MSG_OPEN, [Problem(None, "request_open", str(MSG_OPEN))])
    now = timezone.now()
    today = timezone.localdate(now)
    standard = standard_of(detail.jurisdiction_id)
    checks: list[Callable[[], Any]] = [lambda: text_clean(reason, "reason")]
    if chosen == RequestKind.CHANGE:
        checks.append(lambda: changes_clean(detail, changes, standard))
    elif chosen == RequestKind.RENEWAL:
        checks.append(lambda: renewal_until_clean(detail, until, today, standard))
    values = fields_clean(*checks)
    request = PermitRequest.objects.create(
        application_id=detail.pk,
        kind=chosen,
        reason=values[0],
        changes=values[1] if chosen == RequestKind.CHANGE else {},
        until=values[1] if chosen == RequestKind.RENEWAL else None,
        requested_by=by,
        requested_at=now,
        valid_until_then=detail.valid_until,
    )
    agency = detail.deciding_agency
    audit_record(
        action=AuditAction.PERMIT_REQUEST,
        application=detail,
        actor=by,
        agency=agency,
        role=Role.APPLICANT,
        from_status=detail.status,
        to_status=detail.status,
        opinion=request.reason,
        client_ip=client_ip,
        details=_request_details(request),
    )
    process = PermitRequestFlow.start.run(request=request, route=current_route(detail))
    process_clocks_start(process_pk=process.pk, limit=standard.request_acceptance_working_days)
    notify(
        recipients=access.deciders_of(detail),
        kind=NotificationKind.PERMIT_REQUEST,
        message=str(MSG_TOLD_REQUEST).format(reference=detail.reference, what=_kind_name(request)),
        application=detail,
    )
    return request


def _request_details(request: PermitRequest) -> dict[str, Any]:
    details: dict[str, Any] = {"permit_request_id": request.pk, "kind": request.kind}
    if request.changes:
        details["changes"] = request.changes
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


# ---- The deciding agency accepts and decides ------------------------------------------------


def decisions_offered(task: Task, request: PermitRequest) -> tuple[Decision, ...]:
    """Acceptance: accept or not; the decision: grant or refuse (a surrender is granted: the
    holder gives the permit up, what it owes stays owed)."""
    if task_step(task) == Step.REQUEST_ACCEPTANCE:
        return (Decision.ACCEPT, Decision.NOT_ACCEPT)
    if request.kind == RequestKind.SURRENDER:
        return (Decision.APPROVE,)
    return (Decision.APPROVE, Decision.REJECT)


def request_of_task(task: Task) -> PermitRequest:
    return PermitRequest.objects.select_for_update(of=("self",)).get(
        pk=task.process.permitprocess.permit_request_id
    )


def _request_decision_clean(
    offered: tuple[Decision, ...],
    decision: str,
    opinion: str,
    items: list[dict[str, Any]] | None,
    grounds: list[str] | None,
) -> tuple[Decision, str]:
    problems = []
    if decision not in offered:
        problems.append(Problem("decision", "invalid_choice", str(MSG_DECISION)))
    text = opinion.strip() if isinstance(opinion, str) else ""
    needs_reason = decision in (Decision.NOT_ACCEPT, Decision.REJECT)
    if needs_reason and not text:
        problems.append(Problem("opinion", "required", str(MSG_OPINION)))
    if len(text) > 4000:
        problems.append(Problem("opinion", "max_length", str(_("At most 4000 characters."))))
    if grounds:
        problems.append(Problem("grounds", "not_allowed", str(MSG_NO_GROUNDS)))
    if items:
        problems.append(Problem("items", "not_allowed", str(MSG_NO_ITEMS)))
    if problems:
        raise InvalidInput(problems=problems)
    return Decision(decision), text


def permit_request_decide(
    act: TaskAct,
    *,
    decision: str,
    opinion: str,
    items: list[dict[str, Any]] | None,
    grounds: list[str] | None,
) -> Decided:
    """The decider of a request's acceptance and review tasks (``workflows.services.task_decide``
    hands it the task it locked and checked open to the decider); nothing changes when it
    refuses."""
    task, application = act.task, act.application
    request = request_of_task(task)
    offered = decisions_offered(task, request)
    chosen, text = _request_decision_clean(offered, decision, opinion, items, grounds)
    # The permit ended meanwhile (revoked, lapsed), or the law decided the renewal first: the
    # act that did closed the request and its tasks.
    _in_force_refused(application)
    if not request.is_open:
        raise StateConflict(MSG_CLOSED, [Problem(None, "request_closed", str(MSG_CLOSED))])
    deciding = _Deciding(
        application,
        request,
        act.by,
        text,
        application.deciding_agency,
        task_role(task),
        act.client_ip,
        act.details,
    )
    now = timezone.now()
    # The request's state first: the flow reads it to go on (``flows.was_accepted``).
    if task_step(task) == Step.REQUEST_ACCEPTANCE:
        _accept_or_not(deciding, chosen, now)
        if chosen != Decision.ACCEPT:
            return Decided(chosen, text)
        limit = standard_of(application.jurisdiction_id).request_review_working_days

        def review_clock() -> None:
            process_clocks_start(process_pk=task.process_id, limit=limit)

        return Decided(chosen, text, review_clock)
    request.decided_at, request.decided_by, request.opinion = now, act.by, text
    if chosen == Decision.REJECT:
        _refuse(deciding)
    else:
        _grant(deciding)
    return Decided(chosen, text)


@dataclass(frozen=True)
class _Deciding:
    """Who decides a request and how it is recorded: every decision ends the same way."""

    detail: Application
    request: PermitRequest
    by: User | None
    text: str
    agency: Agency
    role: str
    client_ip: str | None
    # What the act on the task records of itself (``TaskAct.details``: a substitute).
    act_details: Mapping[str, Any] = field(default_factory=dict)

    def done(
        self,
        action: AuditAction,
        document: Certificate,
        told: Any,
        *,
        status: str | None = None,
        from_status: str | None = None,
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
        audit_record(
            action=action,
            application=detail,
            actor=self.by,
            agency=self.agency,
            role=self.role,
            from_status=from_status or detail.status,
            to_status=detail.status,
            opinion=self.text,
            client_ip=self.client_ip,
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


def _accept_or_not(deciding: "_Deciding", chosen: Decision, now: datetime) -> None:
    detail, request, by, text = deciding.detail, deciding.request, deciding.by, deciding.text
    agency = deciding.agency
    today = timezone.localdate(now)
    extra = _request_extra(detail, request)
    if chosen == Decision.ACCEPT:
        standard = standard_of(detail.jurisdiction_id)
        due = add_working_days(today, standard.request_review_working_days)
        if request.kind == RequestKind.RENEWAL and request.valid_until_then:
            due = min(due, request.valid_until_then)  # art. 50(2): before the permit ends
        request.status, request.accepted_at = RequestStatus.ACCEPTED, now
        request.save(update_fields=["status", "accepted_at"])
        document = notice_issue(
            application=detail,
            kind=DocumentKind.ACCEPTANCE_NOTICE,
            agency=agency,
            signed_by_name=display_name(by),
            extra={**extra, "accepted_on": today, "decision_due_date": due},
        )
        action, message, told_due = AuditAction.REQUEST_ACCEPTED, MSG_TOLD_ACCEPTED, due
    else:
        request.status, request.decided_at, request.decided_by = (
            RequestStatus.NOT_ACCEPTED,
            now,
            by,
        )
        request.opinion = text
        document = notice_issue(
            application=detail,
            kind=DocumentKind.NON_ACCEPTANCE,
            agency=agency,
            signed_by_name=display_name(by),
            reason=text,
            extra=extra,
        )
        request.decision = document
        request.save(update_fields=["status", "decided_at", "decided_by", "opinion", "decision"])
        action, message, told_due = AuditAction.REQUEST_NOT_ACCEPTED, MSG_TOLD_NOT_ACCEPTED, None
    deciding.done(action, document, message, due=told_due.isoformat() if told_due else "")


def _refuse(deciding: "_Deciding") -> None:
    detail, request, by, text = deciding.detail, deciding.request, deciding.by, deciding.text
    agency = deciding.agency
    kind = (
        DocumentKind.CHANGE_DECISION
        if request.kind == RequestKind.CHANGE
        else DocumentKind.RENEWAL_DECISION
    )
    document = notice_issue(
        application=detail,
        kind=kind,
        agency=agency,
        signed_by_name=display_name(by),
        reason=text,
        extra={**_request_extra(detail, request), "outcome": "refused"},
    )
    deciding.done(
        AuditAction.REQUEST_REFUSED, document, MSG_TOLD_REFUSED, status=RequestStatus.REFUSED
    )


def _grant(deciding: "_Deciding", *, by_law: bool = False, today: date | None = None) -> None:
    """A change or renewal becomes a new version (the document before it superseded from the
    day the new version runs); a surrender cancels the permit."""
    detail, request, by, text = deciding.detail, deciding.request, deciding.by, deciding.text
    agency = deciding.agency
    if request.kind == RequestKind.SURRENDER:
        _surrender(deciding)
        return
    today = today or timezone.localdate()
    before = current_version_document(detail)
    number = detail.permit_versions.count() + 2
    from_status = detail.status
    if request.kind == RequestKind.CHANGE:
        valid_from, valid_until = _change_apply(detail, request.changes, today)
        kind, action = DocumentKind.CHANGE_DECISION, AuditAction.PERMIT_CHANGE
    else:
        # The renewed period follows the one it continues.
        old = request.valid_until_then
        valid_from, valid_until = (old + timedelta(days=1) if old else today), request.until
        _renewal_apply(detail, request, today)
        kind = DocumentKind.RENEWAL_DECISION
        action = AuditAction.RENEW_BY_LAW if by_law else AuditAction.RENEW
    document = notice_issue(
        application=detail,
        kind=kind,
        agency=agency,
        signed_by_name=display_name(by) if by else "",
        reason=text,
        extra={
            **_request_extra(detail, request),
            "outcome": "deemed" if by_law else "granted",
            "changes": list(request.changes.values()),
            "valid_from": valid_from,
            "valid_until": valid_until,
            "version": number,
            "superseded_number": before.number if before else "",
        },
        valid_from=valid_from,
        valid_until=valid_until,
    )
    if before is not None:  # a renewal granted early supersedes from the day it runs
        superseded_on = max(today, valid_from) if valid_from else today
        Certificate.objects.filter(pk=before.pk).update(superseded_on=superseded_on)
    PermitVersion.objects.create(
        application_id=detail.pk,
        number=number,
        valid_from=valid_from,
        valid_until=valid_until,
        changes=request.changes,
        request=request,
        document=document,
        created_at=timezone.now(),
    )
    deciding.done(
        action,
        document,
        MSG_TOLD_DEEMED if by_law else MSG_TOLD_GRANTED,
        status=RequestStatus.GRANTED_BY_LAW if by_law else RequestStatus.GRANTED,
        from_status=from_status,
        details={
            "version": number,
            "superseded": before.number if before else None,
            "valid_until": valid_until.isoformat() if valid_until else None,
            **({"basis": "《中华人民共和国行政许可法》第五十条第二款"} if by_law else {}),
        },
        until=valid_until.isoformat() if valid_until else "",
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
    while (due := add_months(old, step * interval)) <= until:
        dues.append(due)
        step += 1
    if not dues or dues[-1] < until:
        dues.append(until)
    last = (
        Obligation.objects.filter(application_id=detail.pk, kind=ObligationKind.MONITORING)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
        .first()
        or 0
    )
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


def _surrender(deciding: "_Deciding") -> None:
    """注销 on the holder's request: the permit ends today. A temporary use's land is then to
    be restored within the year (森林法 art. 38): its use ends, the restoration is owed."""
    detail, request, by, text = deciding.detail, deciding.request, deciding.by, deciding.text
    agency = deciding.agency
    today = timezone.localdate()
    temporary = getattr(detail, "occupation_kind", None) == OccupationKind.TEMPORARY
    from_status = detail.status
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
    document = notice_issue(
        application=detail,
        kind=DocumentKind.CANCELLATION_NOTICE,
        agency=agency,
        signed_by_name=display_name(by) if by else "",
        reason=text,
        extra={
            **_request_extra(detail, request),
            "restoration_due": restoration_due,
            "still_owed": still_owed,
        },
    )
    # The approval carries its 已注销 mark, dated (its verification answers "cancelled" since).
    certificate_rerender_revoked(
        application=detail,
        decisions=list(task_selectors.decisions_of_current_pass(detail)),
        revoked_on=today,
        reason=f"被许可人申请注销，见{document.number}",
        act="注销",
    )
    deciding.done(
        AuditAction.SURRENDER,
        document,
        MSG_TOLD_GRANTED,
        status=RequestStatus.GRANTED,
        from_status=from_status,
        details={
            "basis": "《中华人民共和国行政许可法》第七十条",
            **({"restoration_due": restoration_due.isoformat()} if restoration_due else {}),
            "still_owed": still_owed,
        },
    )


# ---- The law decides what the agency did not (art. 50(2)) -----------------------------------


def renewals_deem(now: datetime) -> int:
    """Renewals asked in time and not decided by the permit's last day: granted by the law the
    day after (视为准予延续), once each (re-checked under the application's row lock, so
    overlapping ticks on any number of machines act once). Runs before the permits' ends."""
    today = timezone.localdate(now)
    due = PermitRequest.objects.filter(
        kind=RequestKind.RENEWAL,
        status__in=OPEN_REQUEST_STATUSES,
        application__status=Status.APPROVED,
        application__valid_until__lt=today,
    ).values_list("pk", "application_id")
    return sum(_deem_one(pk, application_id, today) for pk, application_id in list(due))


@transaction.atomic
@audit_appended_last
def _deem_one(pk: int, application_id: int, today: date) -> bool:
    detail = application_relock(Application(pk=application_id))
    request = PermitRequest.objects.select_for_update(of=("self",)).get(pk=pk)
    if (
        not request.is_open
        or detail.status != Status.APPROVED
        or detail.valid_until is None
        or detail.valid_until >= today
    ):
        return False
    _request_tasks_end(pk)
    request.decided_at = timezone.now()
    deciding = _Deciding(detail, request, None, "", detail.deciding_agency, "system", None)
    _grant(deciding, by_law=True, today=today)
    return True


def requests_close(detail: Application, why: str) -> None:
    """The permit ended (revoked, withdrawn, lapsed, its period over) with a request open: the
    request is closed, its tasks and their clocks ended, and the closing audited (inside the
    ending act's transaction)."""
    for request in PermitRequest.objects.select_for_update(of=("self",)).filter(
        application_id=detail.pk, status__in=OPEN_REQUEST_STATUSES
    ):
        audit_record(
            action=AuditAction.REQUEST_CLOSED,
            application=detail,
            agency=detail.deciding_agency,
            role="system",
            from_status=detail.status,
            to_status=detail.status,
            opinion=why,
            details=_request_details(request),
        )
        _request_tasks_end(request.pk)
        request.status, request.decided_at, request.opinion = (
            RequestStatus.CLOSED,
            timezone.now(),
            why,
        )
        request.save(update_fields=["status", "decided_at", "opinion"])


def requests_orphaned_close(now: datetime) -> int:
    """Requests still open on a permit no longer in force by another path (its period ended,
    its use ended, it was found not compliant): closed, each under its application's lock.
    Runs after the tick's permits' ends."""
    pending = PermitRequest.objects.filter(status__in=OPEN_REQUEST_STATUSES).exclude(
        application__status=Status.APPROVED
    )
    return sum(_orphan_close(pk) for pk in list(pending.values_list("application_id", flat=True)))


@transaction.atomic
@audit_appended_last
def _orphan_close(application_id: int) -> bool:
    detail = application_relock(Application(pk=application_id))
    if detail.status == Status.APPROVED:
        return False
    if not detail.permit_requests.filter(status__in=OPEN_REQUEST_STATUSES).exists():
        return False
    with translation.override(settings.LANGUAGE_CODE):
        status = str(detail.get_status_display())
    requests_close(detail, f"该行政许可已不在有效状态（{status}），申请不再办理。")
    return True
