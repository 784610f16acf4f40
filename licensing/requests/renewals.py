"""When a renewal may be asked (product.md §18 B2-B5; art. 50, 35号令 arts. 20, 25), and how far
it may continue the permit: ``renewal_limit`` names the rule that refuses it."""

from datetime import date, timedelta
from typing import Any

from core.errors import InvalidInput
from core.messages import MSG_DAY as MSG_DATE
from core.messages import (
    MSG_EXTENSION_LATE,
    MSG_EXTENSION_NOT_NEEDED,
    MSG_NO_END,
    MSG_RENEWAL_LATE,
    MSG_RENEWAL_LATE_APPROVAL,
    MSG_TEMPORARY_TYPE,
    MSG_TEMPORARY_WINDOW,
    MSG_TENDING_NO_RENEWAL,
    MSG_UNTIL_AFTER,
    MSG_UNTIL_MAX,
)
from documents.content import worded
from permits.choices import (
    Kind,
    OccupationKind,
)
from permits.models import Application
from permits.obligations import (
    Standard,
    add_months,
)
from workflows.services import day_of

from ..selectors import land_approval_of

ART_50 = "《中华人民共和国行政许可法》第五十条"
ART_20 = "《建设项目使用林地审核审批管理办法》第二十条"
ART_25 = "《建设项目使用林地审核审批管理办法》第二十五条"


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
        late = worded(detail, MSG_RENEWAL_LATE, MSG_RENEWAL_LATE_APPROVAL)
        message = late % {
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
