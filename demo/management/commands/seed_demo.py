"""``manage.py seed_demo``: reference data, the demo users of api.md and demo applications."""

from typing import Any

from django.core.management.base import BaseCommand

from demo.seed import DEMO_PASSWORD, demo_seed
from permits.choices import Kind


class Command(BaseCommand):
    help = "Load agencies, routes, demo users and demo applications (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = demo_seed()
        created = ", ".join(summary.users_created) or "none"
        self.stdout.write(
            f"users: {summary.users_total} demo users (created: {created}); "
            f"password {DEMO_PASSWORD}"
        )
        self.stdout.write(
            f"applications: {len(summary.applications_created)} created, "
            f"{len(summary.applications_skipped)} already present"
        )
        for status, count in sorted(summary.by_status.items()):
            self.stdout.write(f"  {status}: {count}")
        for kind in Kind:
            states = sorted((s, n) for (k, s), n in summary.by_kind_status.items() if k == kind)
            if states:
                listed = ", ".join(f"{status} {count}" for status, count in states)
                self.stdout.write(f"  {kind.value}: {sum(n for _s, n in states)} ({listed})")
        plans = ", ".join(summary.plans_imported) or "none new"
        self.stdout.write(f"annual plans: {plans} (read them at /plans/)")
        filed = ", ".join(summary.reports_filed) or "none new"
        self.stdout.write(
            f"reports from the public: {filed} (follow one at /public/reports/track/)"
        )
