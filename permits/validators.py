"""Field validators on the models, so every door (API, web forms, admin, services) checks the
same bounds. The geometry validator lives in ``permits.geometry``."""

from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError

from core.messages import MSG_DATE_RANGE

# Dates an application can plausibly name; outside them date arithmetic elsewhere (validity,
# report schedules, deadlines) could run past the calendar's ends.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def validate_plausible_date(value: date) -> None:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            MSG_DATE_RANGE,
            code="date_out_of_range",
            params={"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )


# What a query-string filter may name (audit ``since``/``until``): wider than an application's
# dates, but inside what the database and time-zone conversion can represent.
QUERY_EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
QUERY_LATEST = datetime(2999, 12, 31, tzinfo=UTC)
# Ids in query strings: beyond a 64-bit integer the database refuses the parameter.
MAX_ID = 2**63 - 1


def validate_query_datetime(value: datetime) -> None:
    if not QUERY_EARLIEST <= value <= QUERY_LATEST:
        raise ValidationError(
            MSG_DATE_RANGE,
            code="date_out_of_range",
            params={
                "earliest": QUERY_EARLIEST.date().isoformat(),
                "latest": QUERY_LATEST.date().isoformat(),
            },
        )
