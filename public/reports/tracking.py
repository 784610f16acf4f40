"""The report's tracking code (60 random bits in Crockford's base32) and what it shows the
public: the status, the outcome, when it last changed and how many photos were refused, and
the enforcement case it opened (its number, its outcome, whether closed: never the party),
nothing else."""

import re
import secrets
from typing import Any

from django.db.models import Count, Q

from core.localtime import local
from enforcement.models import CaseStatus

from ..models import Report, ReportOutcome
from .agencies import report_cases

# Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # 60 bits
CODE_GROUP = 4
# Looked up in place of a code that cannot be one (U is not in the alphabet: no report has it),
# so that a malformed code costs the same query as an unknown one and answers in the same time.
NEVER_A_CODE = "UUUU-UUUU-UUUU"


def tracking_code_new() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def tracking_code_normal(value: object) -> str | None:
    """A code as typed (any case, with or without hyphens and spaces, O for 0 and I or L for 1)
    in its stored form, or None when it cannot be one."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    text = re.sub(r"[\s\-]", "", value).upper().translate(str.maketrans("OIL", "011"))
    if len(text) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in text):
        return None
    return "-".join(text[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def report_public_status(code: object) -> dict[str, Any] | None:
    """What the tracking code shows: the status, the outcome, when it last changed and how many
    of the photos sent were refused after the filing (they did not decode); None for
    a code that is not one (the same answer, after the same query, whether malformed or
    unknown)."""
    normal = tracking_code_normal(code)
    row = (
        Report.objects.filter(tracking_code=normal or NEVER_A_CODE)
        .values("pk", "tracking_code", "status", "outcome", "updated_at")
        .annotate(photos_rejected=Count("photos", filter=Q(photos__rejected=True)))
        .order_by("tracking_code")  # unique: one row; an aggregate asks for an order
        .first()
    )
    if row is None or normal is None:
        return None
    return {
        "tracking_code": row["tracking_code"],
        "status": row["status"],
        "outcome": row["outcome"] or None,
        "updated": row["updated_at"],
        "photos_rejected": row["photos_rejected"],
        "case": _case_of(row["pk"]) if row["outcome"] in CASE_OUTCOMES else None,
    }


# The outcomes that open an enforcement case on the report (``public.reports.closing``).
CASE_OUTCOMES = (ReportOutcome.NO_PERMIT, ReportOutcome.REFERRED)


def _case_of(report_id: int) -> dict[str, Any] | None:
    """The case opened on the report as its reporter may know it (issue 48 item 6: the reporter
    is told how the matter was handled, docs/legal-basis.md F39): its number, the decision's
    outcome (``penalty`` | ``no_penalty``, null before the decision), the days it was decided
    and closed (the site's). Never the party, the facts, the article or the fine."""
    case = (
        report_cases(report_id)
        .values("number", "status", "outcome", "decided_at", "closed_at")
        .first()
    )
    if case is None:
        return None
    return {
        "number": case["number"],
        "outcome": case["outcome"] or None,
        "closed": case["status"] == CaseStatus.CLOSED,
        "decided_on": local(case["decided_at"]).date() if case["decided_at"] else None,
        "closed_on": local(case["closed_at"]).date() if case["closed_at"] else None,
    }


def report_receipt(code: str) -> dict[str, Any] | None:
    """What the reporter is told right after filing (the received page, never a later lookup):
    which agency handles the report (and which also does), when it was received and the day
    by which it is to be handled."""
    report = (
        Report.objects.filter(tracking_code=code)
        .select_related("agency", "also_agency")
        .only("agency__name", "also_agency__name", "received_at", "due_on")
        .first()
    )
    if report is None:
        return None
    return {
        "agency": report.agency.name,
        "also_agency": report.also_agency.name if report.also_agency else "",
        "received_at": report.received_at,
        "due_on": report.due_on,
    }
