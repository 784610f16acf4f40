"""``manage.py audit_verify``: recompute the audit chain; exit 1 naming the first bad event."""

from django.core.management.base import BaseCommand, CommandError

from permits.audit import audit_verify
from permits.models import AuditEvent


def describe(seq: int) -> str:
    event = AuditEvent.objects.filter(seq=seq).first()
    if event is None:
        return f"event #{seq} is missing"
    return f"event #{seq} ({event.action} {event.application_reference} at {event.at.isoformat()})"


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail; names the first broken event."

    def handle(self, *args, **options):
        report = audit_verify()
        if report.first_bad_seq is not None:  # a broken chain names its first bad event
            raise CommandError(
                f"audit chain broken at {describe(report.first_bad_seq)}; "
                f"{report.events} events in total",
                returncode=1,
            )
        self.stdout.write(f"ok: {report.events} events")
