"""How a document or an export writes a moment: in the site's time zone (``settings.TIME_ZONE``,
Asia/Shanghai), whatever zone the database, the server or the request is in.

- ``local_iso``: for what a machine reads (CSV cells, JSON members): ISO 8601 with its offset
  (``2026-11-02T21:41:07.123456+08:00``), so the zone is stated in the value itself;
- ``local_minute``: for what a person reads (PDFs, pages): ``2026-11-02 21:41``, Beijing time;
  a document says so once, in a heading or caption ("决定时间（北京时间）").

Times are stored in UTC (``USE_TZ``); printing one without converting it printed 13:41 for a
decision made at 21:41 Beijing time. Every document and export formats moments through here.
"""

from datetime import datetime, tzinfo

from django.utils import timezone


def site_zone() -> tzinfo:
    """The zone every document and export is written in (not the request's active zone)."""
    return timezone.get_default_timezone()


def local(value: datetime) -> datetime:
    """``value`` in the site's zone; a naive value is taken to be in it already."""
    zone = site_zone()
    if timezone.is_naive(value):
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def local_iso(value: datetime | None) -> str:
    """ISO 8601 with the offset (``+08:00``); empty for no time."""
    return local(value).isoformat() if value else ""


def local_minute(value: datetime | None) -> str:
    """``YYYY-MM-DD HH:MM`` in the site's zone; empty for no time."""
    return local(value).strftime("%Y-%m-%d %H:%M") if value else ""
