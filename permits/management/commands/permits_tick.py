"""Periodic work: end the permits whose validity has run out. Idempotent; safe from cron every
minute (each permit is re-checked under its row lock, so two overlapping runs expire it once)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from permits.choices import Status
from permits.models import Application
from permits.obligations import reports_overdue
from permits.services import application_expire


class Command(BaseCommand):
    help = "Expire permits whose validity has ended; report overdue post-approval reports."

    def handle(self, *args, **options):
        today = timezone.localdate()
        due = Application.objects.filter(status=Status.APPROVED, valid_until__lt=today)
        expired = 0
        for application in due.iterator():
            if application_expire(application=application, today=today) is not None:
                expired += 1
        overdue = reports_overdue(today).count()
        self.stdout.write(f"expired: {expired}; overdue reports: {overdue}")
