"""``python manage.py permits_tick [--now ISO-8601]``: all time-driven work as of that instant
(product.md §12, workflows.tick). Idempotent; safe from cron every minute, on several machines."""

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from workflows.tick import TickFailed, tick, tick_summary


def parse_now(value: str) -> datetime:
    """An ISO-8601 date or date-time; without an offset it is read in the project's time zone."""
    try:
        instant = datetime.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            f"--now {value!r} is not an ISO-8601 date-time "
            "(for example 2026-12-01T09:00:00+08:00 or 2026-12-01)."
        ) from None
    if timezone.is_naive(instant):
        instant = timezone.make_aware(instant)
    return instant


class Command(BaseCommand):
    help = "Run all time-driven work (expiry, reports due and overdue, …) as of now or --now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            help="Run as of this instant (ISO-8601; without an offset: Asia/Shanghai time).",
        )

    def handle(self, *args: str, **options: Any) -> None:
        now = parse_now(options["now"]) if options["now"] is not None else None
        try:
            done = tick(now)
        except TickFailed as failure:
            self.stdout.write(tick_summary(failure.done))
            raise CommandError(str(failure)) from failure
        self.stdout.write(tick_summary(done))
