"""The enforcement cases' time-driven work, run by ``workflows.tick`` (``PERMITS_TICK_JOBS``)."""

from datetime import datetime

from django.utils import timezone

from .selectors import cases_overdue
from .services import case_overdue_tell


def cases_overdue_report(now: datetime) -> int:
    """A case not registered in time, not decided within art. 60's days, its fine unpaid or
    its replanting not accepted by its day: the agency's heads are told, once for each period
    and day (``case_overdue_tell`` checks it again under the case's lock); an unpaid fine's
    notice states the 加处罚款 owed that day (行政处罚法 art. 72(1), ``law.surcharge_owed``)."""
    today = timezone.localdate(now)
    return sum(case_overdue_tell(case_id=pk, today=today) for pk in cases_overdue(today))
