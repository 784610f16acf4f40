"""The forest vegetation restoration fee (森林植被恢复费, product.md §16 L7; 森林法 art. 37(2);
森林法实施条例 art. 16(1)): an approved occupation waits in ``awaiting_fee`` with a 缴费通知书 that
says the amount and what it rests on; the deciding agency records the payment (amount, day,
receipt number, the receipt), and only then is the approval numbered, issued and signed. Unpaid
after the route's days, the agency's head is told, once. Each act one transaction, audited."""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.errors import InvalidInput, Problem, StateConflict
from core.messages import (
    MSG_AMOUNT,
    MSG_AMOUNT_DIFFERS,
    MSG_AMOUNT_UNSET,
    MSG_NOT_AWAITING,
    MSG_NOT_YOURS_FEES,
    MSG_PAID_BEFORE,
    MSG_PAID_ON,
    MSG_REASON,
    MSG_RECEIPT,
    MSG_TOLD_FEE_DUE,
    MSG_TOLD_FEE_PAID,
    MSG_TOLD_HEAD_UNPAID,
)
from core.money import money
from documents.issue import certificate_issue
from documents.models import DocumentKind
from documents.notices import notice_issue
from permits.acts import Act
from permits.choices import AttachmentKind, Kind, NotificationKind, Status
from permits.facts import rule_facts
from permits.models import Application
from permits.rules import authority
from permits.services import application_locked, attachments_cited, attachments_store, fsm_apply
from permits.uploads import Upload
from roles.models import Agency

from .. import selectors
from ..models import FeeRate, FeeStatus, Forwarding, ResolvedRoute, RestorationFee
from ._common import day_of, required_text
from ._recording import deciding_agency_locked, heads_told_by_system
from .applicants import tell_applicants

RECEIPT_MAX = 60
AMOUNT_MAX = Decimal("1000000000000")


def fee_required(application: Application) -> bool:
    """An occupation, permanent or temporary, pays before its approval is issued (森林法 art.
    37(2); 财综〔2002〕73号 art. 4 names 临时占用 too), unless it claims an exemption of
    财税〔2015〕122号 三: the reviewers check the claim as any declared fact, and the approval
    granted on it is the agency's recorded decision that no fee is due."""
    if application.kind != Kind.OCCUPATION:
        return False
    detail = application.detail if type(application) is Application else application
    return not getattr(detail, "fee_exemption", "")


def _rate(application: Application) -> FeeRate | None:
    category = getattr(application, "land_category", "") or ""
    return FeeRate.objects.filter(
        jurisdiction_id=application.jurisdiction_id, land_category=category
    ).first()


def fee_demand(
    *, application: Application, agency: Agency, signed_by_name: str, today: date | None = None
) -> RestorationFee:
    """At the approval (or the national one): compute the fee from the rate table, keep what it
    rests on and issue the 缴费通知书; the applicants are told. Inside the deciding transaction."""
    today = today or timezone.localdate()
    detail = application.detail if type(application) is Application else application
    rate = _rate(detail)
    computed = authority.fee_compute(rule_facts(detail), rate.as_rate() if rate else None)
    fee = RestorationFee.objects.create(
        application_id=detail.pk,
        agency=agency,
        demanded_on=today,
        area_ha=getattr(detail, "area_ha", None),
        land_category=getattr(detail, "land_category", "") or "",
        yuan_per_m2=computed.rate_yuan_per_m2 if computed else None,
        factor=computed.factor if computed else Decimal(1),
        amount_due=computed.amount if computed else None,
        rate_source=computed.source if computed else "",
    )
    forwarding = Forwarding.objects.filter(application_id=detail.pk).first()
    national = (
        {
            "national_number": forwarding.national_number,
            "national_decided_on": forwarding.decided_on,
        }
        if forwarding
        else {}
    )
    fee.notice = notice_issue(
        application=detail,
        kind=DocumentKind.FEE_NOTICE,
        agency=agency,
        signed_by_name=signed_by_name,
        extra={
            "area_ha": fee.area_ha,
            "land_category": fee.land_category,
            "yuan_per_m2": fee.yuan_per_m2,
            "factor": fee.factor,
            "amount_due": fee.amount_due,
            "rate_source": fee.rate_source,
            "factors": list(computed.factors) if computed else [],
            "undetermined": list(computed.undetermined) if computed else [],
            "forwarded": forwarding is not None,
            **national,
        },
    )
    fee.save(update_fields=["notice"])
    tell_applicants(
        detail,
        NotificationKind.FEE_DUE,
        MSG_TOLD_FEE_DUE,
        amount=money(fee.amount_due) if fee.amount_due is not None else "—",
        number=fee.notice.number,
    )
    return fee


def _amount(value: object, message: object = MSG_AMOUNT) -> tuple[Decimal | None, list[Problem]]:
    try:
        amount = Decimal(str(value).strip()) if not isinstance(value, bool) else None
    except InvalidOperation:
        amount = None
    if (
        amount is None
        or not amount.is_finite()
        or not 0 < amount < AMOUNT_MAX
        or amount != amount.quantize(Decimal("0.01"))
    ):
        return None, [Problem("amount", "invalid", str(message))]
    return amount.quantize(Decimal("0.01")), []


def _paid_on(value: object, fee: RestorationFee, today: date) -> tuple[date | None, list[Problem]]:
    day = day_of(value)
    if day is None or day > today:
        return None, [Problem("paid_on", "invalid", str(MSG_PAID_ON))]
    if day < fee.demanded_on:
        message = str(MSG_PAID_BEFORE).format(day=fee.demanded_on.isoformat())
        return None, [Problem("paid_on", "before_notice", message)]
    return day, []


def _receipt(value: object) -> tuple[str, list[Problem]]:
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > RECEIPT_MAX or "\x00" in text:
        return "", [Problem("receipt_number", "invalid", str(MSG_RECEIPT))]
    return text, []


def _reason(
    value: object, amount: Decimal | None, fee: RestorationFee
) -> tuple[str, list[Problem]]:
    """A different amount from the notice's (or one the notice could not compute) needs its
    reason; the reason is kept whatever the amount."""
    given = value.strip() if isinstance(value, str) else ""
    if amount is None or (fee.amount_due is not None and amount == fee.amount_due):
        return (required_text(given, "reason", str(MSG_REASON))[0] if given else ""), []
    if not given:
        message = (
            str(MSG_AMOUNT_DIFFERS).format(due=fee.amount_due)
            if fee.amount_due is not None
            else str(MSG_AMOUNT_UNSET)
        )
        return "", [Problem("reason", "reason_required", message)]
    return required_text(given, "reason", str(MSG_REASON))


def _fee_awaited(detail: Application) -> RestorationFee:
    """The fee locked; 409 unless the application awaits it."""
    fee = RestorationFee.objects.select_for_update().filter(application_id=detail.pk).first()
    if detail.status != Status.AWAITING_FEE or fee is None or fee.status != FeeStatus.DUE:
        raise StateConflict.on("not_awaiting_fee", MSG_NOT_AWAITING)
    return fee


def _payment_cleaned(
    fee: RestorationFee,
    amount: object,
    paid_on: object,
    receipt_number: object,
    reason: object,
    today: date,
) -> tuple[Decimal, date, str, str]:
    """The amount, the day, the receipt and the reason; every problem at once (400)."""
    money, problems = _amount(amount)
    day, found_day = _paid_on(paid_on, fee, today)
    receipt, found_receipt = _receipt(receipt_number)
    why, found_reason = _reason(reason, money, fee)
    if problems := [*problems, *found_day, *found_receipt, *found_reason]:
        raise InvalidInput(problems=problems)
    assert money is not None and day is not None
    return money, day, receipt, why


@transaction.atomic
@audit_appended_last
def fee_record(
    *,
    application_id: int,
    by: User,
    amount: object,
    paid_on: object,
    receipt_number: object,
    reason: object = "",
    uploads: Iterable[Upload] = (),
    client_ip: str | None = None,
    today: date | None = None,
) -> Application:
    """The deciding agency records the payment; the approval is then numbered, issued and
    signed (for a forwarded occupation the national authority's decision is the permit: none is
    printed here). Every problem of the input at once (400); 409 unless awaiting the fee."""
    today = today or timezone.localdate()
    detail = deciding_agency_locked(application_id, by, MSG_NOT_YOURS_FEES)
    fee = _fee_awaited(detail)
    money, day, receipt, why = _payment_cleaned(fee, amount, paid_on, receipt_number, reason, today)
    act = Act.on(detail, by, agency=fee.agency, role=detail.deciding_role, client_ip=client_ip)
    stored = attachments_store(
        application=detail, by=by, kind=AttachmentKind.FEE_RECEIPT, uploads=uploads
    )
    fee.status = FeeStatus.PAID
    fee.amount_paid, fee.paid_on, fee.receipt_number, fee.reason = money, day, receipt, why
    fee.recorded_by, fee.recorded_at = by, timezone.now()
    fee.save()
    fee.attachments.set(stored)
    fsm_apply(detail, detail.fee_paid)
    act.record(
        AuditAction.FEE_PAID,
        opinion=why,
        details={
            "fee_id": fee.pk,
            "amount": str(money),
            "amount_due": str(fee.amount_due) if fee.amount_due is not None else None,
            "paid_on": day.isoformat(),
            "receipt_number": receipt,
            "attachments": attachments_cited(stored),
        },
    )
    tell_applicants(detail, NotificationKind.DECIDED, MSG_TOLD_FEE_PAID)
    if not Forwarding.objects.filter(application_id=detail.pk).exists():
        _approval_issue(detail)
    return detail


def _approval_issue(detail: Application) -> None:
    """Last: the approval prints the chain head (audit_appended_last)."""
    route = _frozen_route(detail)
    certificate_issue(
        application=detail,
        decisions=list(selectors.decisions_of_current_pass(detail)),
        prefix=route.certificate_prefix,
        hearings=selectors.hearings_cited(detail),
    )


def _frozen_route(application: Application) -> ResolvedRoute:
    process = (
        application.processes.filter(filing__isnull=True, permit_request__isnull=True)
        .order_by("-pk")
        .first()
    )
    assert process is not None  # an approved application was reviewed
    return process.frozen_route


def fees_unpaid(today: date) -> list[int]:
    """The fees due whose head has not been told, oldest first (the tick's candidates)."""
    return list(
        RestorationFee.objects.filter(
            status=FeeStatus.DUE,
            reminded_on__isnull=True,
            application__status=Status.AWAITING_FEE,
            demanded_on__lt=today,
        )
        .order_by("demanded_on", "pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
@audit_appended_last
def fee_remind(*, fee_id: int, today: date | None = None) -> bool:
    """Tell the collecting agency's heads, once, that a fee is unpaid the route's days after its
    notice (``permits_tick``); re-checked under the locks, so overlapping ticks tell once."""
    today = today or timezone.localdate()
    row = RestorationFee.objects.filter(pk=fee_id).values_list("application_id", flat=True).first()
    if row is None:
        return False
    detail = application_locked(row)
    fee = RestorationFee.objects.select_for_update().filter(pk=fee_id).first()
    if detail is None or fee is None or fee.status != FeeStatus.DUE or fee.reminded_on:
        return False
    days = _frozen_route(detail).fee_reminder_days
    if detail.status != Status.AWAITING_FEE or fee.demanded_on + timedelta(days=days) > today:
        return False
    fee.reminded_on = today
    fee.save(update_fields=["reminded_on"])
    days_unpaid = (today - fee.demanded_on).days
    heads_told_by_system(
        detail,
        fee.agency,
        kind=NotificationKind.FEE_UNPAID,
        message=str(MSG_TOLD_HEAD_UNPAID).format(
            reference=detail.reference,
            number=fee.notice.number if fee.notice else "—",
            amount=money(fee.amount_due) if fee.amount_due is not None else "—",
            days=days_unpaid,
        ),
        action=AuditAction.FEE_REMINDED,
        details={"fee_id": fee.pk, "days": days_unpaid},
    )
    return True
