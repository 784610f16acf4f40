"""``manage.py screenings_refresh``: screen again every application that has a site (after an
upgrade that brought screening, or to show drafts what a newly imported layer says). Decided
applications keep the screening of their decision unless ``--all`` is given."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from permits.choices import CONCLUDED_STATUSES
from permits.models import Application
from permits.screening import screening_refresh
from permits.services import application_locked


class Command(BaseCommand):
    help = "Screen every application's site again against the current layers."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="decided applications too (after an upgrade)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        applications = Application.objects.order_by("pk")
        if not options["all"]:
            applications = applications.exclude(status__in=CONCLUDED_STATUSES)
        screened = 0
        for pk in applications.values_list("pk", flat=True).iterator():
            with transaction.atomic():
                detail = application_locked(pk)
                if detail is not None and screening_refresh(detail) is not None:
                    screened += 1
        self.stdout.write(f"{screened} applications screened")
