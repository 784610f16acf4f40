"""The written 核定 of a restoration fee the notice could not compute (待核定: the registry's
公益林 小班 and the declaration differ, land of category "other", a partly 公益林 site;
``permits.rules.authority``): the deciding agency determines the amount with its reason before
the payment, in a numbered 森林植被恢复费核定通知书 served on the applicant, who may challenge
it (复议, 诉讼). The payment is then checked against the amount determined. A second
determination is refused unless it corrects the first, with the reason of the correction; the
new notice names the one it corrects. One act, one transaction: the event, the notice, the
notification."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.errors import InvalidInput, StateConflict
from core.messages import (
    MSG_DETERMINATION_REASON,
    MSG_DETERMINED_AMOUNT,
    MSG_FEE_DETERMINED_BEFORE,
    MSG_FEE_STATED,
    MSG_NOT_YOURS_FEES,
    MSG_TOLD_FEE_DETERMINED,
)
from core.money import money
from documents.models import DocumentKind
from documents.notices.by_act import act_notice_issue
from permits.acts import Act
from permits.choices import NotificationKind
from permits.facts import rule_facts
from permits.models import Application
from permits.rules import authority

from ..models import Forwarding, RestorationFee
from ._common import required_text
from ._recording import deciding_agency_locked
from .applicants import tell_applicants
from .fees import _amount, _fee_awaited, _frozen_route, _rate


def _determinable(fee: RestorationFee, correction: bool) -> None:
    """409 where the notice states the amount, or where it was determined and this is no
    correction."""
    if fee.determination_id is None and fee.amount_due is not None:
        raise StateConflict.on("amount_stated", MSG_FEE_STATED)
    if fee.determination_id is not None and not correction:
        number = fee.determination.number if fee.determination else ""
        raise StateConflict.on(
            "already_determined", str(MSG_FEE_DETERMINED_BEFORE).format(number=number)
        )


def _cleaned(amount: object, reason: object) -> tuple[Decimal, str]:
    """The amount and its reason; both problems at once (400)."""
    money_, problems = _amount(amount, MSG_DETERMINED_AMOUNT)
    why, found = required_text(reason, "reason", str(MSG_DETERMINATION_REASON))
    if problems := [*problems, *found]:
        raise InvalidInput(problems=problems)
    assert money_ is not None
    return money_, why


def _printed(detail: Application, fee: RestorationFee, amount: Decimal) -> dict[str, object]:
    """What the notice prints besides the reason: the figures of the fee notice, each factor
    and what was left to determine (computed again from the facts the approval froze), the
    amount, the period to pay and what it corrects."""
    rate = _rate(detail)
    computed = authority.fee_compute(rule_facts(detail), rate.as_rate() if rate else None)
    forwarding = Forwarding.objects.filter(application_id=detail.pk).first()
    notice = fee.notice
    return {
        "fee_notice_number": notice.number if notice else "",
        "fee_notice_date": fee.demanded_on,
        "area_ha": fee.area_ha,
        "land_category": fee.land_category,
        "yuan_per_m2": fee.yuan_per_m2,
        "factors": list(computed.factors) if computed else [],
        "undetermined": list(computed.undetermined) if computed else [],
        "rate_source": fee.rate_source,
        "amount": amount,
        "payment_days": _frozen_route(detail).fee_reminder_days,
        "corrects": fee.determination.number if fee.determination else "",
        "forwarded": forwarding is not None,
        "national_number": forwarding.national_number if forwarding else "",
    }


@transaction.atomic
@audit_appended_last
def fee_determine(
    *,
    application_id: int,
    by: User,
    amount: object,
    reason: object,
    correction: object = False,
    client_ip: str | None = None,
    today: date | None = None,
) -> Application:
    """The deciding agency determines the amount of a fee its notice left 待核定 (403 for
    another agency, 409 unless the application awaits the fee and the amount is still to
    determine, or ``correction`` corrects the determination made); 400 for the input."""
    detail = deciding_agency_locked(application_id, by, MSG_NOT_YOURS_FEES)
    fee = _fee_awaited(detail)
    _determinable(fee, correction is True)
    amount_, why = _cleaned(amount, reason)
    act = Act.on(detail, by, agency=fee.agency, role=detail.deciding_role, client_ip=client_ip)
    printed = _printed(detail, fee, amount_)
    notice = act_notice_issue(act, DocumentKind.FEE_DETERMINATION, reason=why, extra=printed)
    fee.amount_due, fee.determination, fee.determination_reason = amount_, notice, why
    fee.determined_at = timezone.now()
    fee.save(update_fields=["amount_due", "determination", "determination_reason", "determined_at"])
    act.record(
        AuditAction.FEE_DETERMINED,
        opinion=why,
        details={
            "fee_id": fee.pk,
            "amount": str(amount_),
            "notice": notice.number,
            "corrects": printed["corrects"] or None,
        },
    )
    tell_applicants(
        detail,
        NotificationKind.FEE_DUE,
        MSG_TOLD_FEE_DETERMINED,
        amount=money(amount_),
        number=notice.number,
    )
    return detail
