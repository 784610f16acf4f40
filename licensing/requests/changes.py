"""What a change may alter (product.md §18 B1; Administrative Licensing Law art. 49): the rule
table ``CHANGE_RULES``, each field with what it may become; anything else needs a new
application. A change asked is cleaned here, field by field, into what the permit prints."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.utils import timezone

from core.errors import InvalidInput, Problem
from core.messages import (
    MSG_CHANGES,
    MSG_CONTACT_SEPARATELY,
    MSG_NEW_APPLICATION,
    MSG_NEW_APPLICATION_APPROVAL,
    MSG_NUMBER_LICENSING,
    MSG_NUMBER_PLACES,
    MSG_ONLY_REDUCE,
    MSG_ONLY_REDUCE_APPROVAL,
    MSG_PAST,
    MSG_PROOF,
    MSG_SAME,
    MSG_TEMPORARY_MAX,
    MSG_UNKNOWN,
    MSG_WORK_YEAR,
)
from core.messages import MSG_DAY as MSG_DATE
from documents.content import worded
from permits.choices import (
    Kind,
)
from permits.models import Application
from permits.obligations import (
    Standard,
)
from workflows.services import day_of

from ..services import text_clean

ART_49 = "《中华人民共和国行政许可法》第四十九条"
FOREST_38 = "《中华人民共和国森林法》第三十八条"

NAME_MAX, PHONE_MAX, PROOF_MAX = 200, 30, 200


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
    # A licensed matter (art. 49) is changed by a 准予变更决定; a contact detail is not one: it
    # is recorded at once, without a decision (issue 46 item 7).
    licensed: bool = True


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
            raise InvalidInput.on("value", "invalid", MSG_NUMBER_LICENSING)
        new = Decimal(text)
        if new <= 0 or new != new.quantize(Decimal(1).scaleb(-places)):
            raise InvalidInput.on("value", "invalid", MSG_NUMBER_PLACES % {"places": places})
        now = getattr(detail, name)
        if now is not None and new == now:
            raise InvalidInput.on("value", "unchanged", MSG_SAME)
        if now is not None and new > now:
            raise InvalidInput.on("value", "not_a_reduction", _only_reduce(detail, now))
        return new

    return clean


def _only_reduce(detail: Application, now: object) -> str:
    """A licence's change rests on art. 49; a 批复's cites no Licensing Law (issue 46 item 3)."""
    message = worded(detail, MSG_ONLY_REDUCE, MSG_ONLY_REDUCE_APPROVAL)
    return message % {"now": now}


def _work_day(detail: Application, value: Any, standard: Standard) -> date:
    day = day_of(value)
    if day is None:
        raise InvalidInput.on("value", "invalid", MSG_DATE)
    return day


def _months(detail: Application, value: Any, standard: Standard) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise InvalidInput.on("value", "invalid", MSG_NUMBER_LICENSING)
    if value > standard.temporary_max_months:
        message = MSG_TEMPORARY_MAX % {"months": standard.temporary_max_months}
        raise InvalidInput.on("value", "beyond_temporary_max", message)
    now = getattr(detail, "duration_months", None)
    if now is not None and value >= now:
        raise InvalidInput.on("value", "not_a_reduction", _only_reduce(detail, now))
    return value


ALL_KINDS = (Kind.TENDING, Kind.OCCUPATION, Kind.INTRODUCTION)
CHANGE_RULES: dict[str, ChangeRule] = {
    "holder_name": ChangeRule("被许可人名称", ALL_KINDS, _text(NAME_MAX), on="version"),
    "contact_name": ChangeRule("联系人", ALL_KINDS, _text(50), on="application", licensed=False),
    "contact_phone": ChangeRule(
        "联系电话", ALL_KINDS, _text(PHONE_MAX), on="application", licensed=False
    ),
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


def change_current_values(detail: Application) -> dict[str, str]:
    """What each field a change of this permit may alter holds now, as the permit prints it
    (the form shows it beside the field; the request records it as "from")."""
    return {
        name: str(_printable(_change_value(detail, name)))
        for name, rule in CHANGE_RULES.items()
        if detail.kind in rule.kinds
    }


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
            code, message = (
                "needs_new_application",
                worded(detail, MSG_NEW_APPLICATION, MSG_NEW_APPLICATION_APPROVAL),
            )
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
    licensed = {CHANGE_RULES[name].licensed for name in cleaned}
    if len(licensed) > 1:
        problems.append(Problem("changes", "contact_with_licensed", str(MSG_CONTACT_SEPARATELY)))
    if problems:
        raise InvalidInput(problems=problems)
    if not cleaned:
        raise InvalidInput.on("changes", "required", MSG_CHANGES)
    return cleaned


def changes_licensed(changes: dict[str, Any]) -> bool:
    """Whether a cleaned change alters a licensed matter (a contact detail does not)."""
    return any(CHANGE_RULES[name].licensed for name in changes)


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
