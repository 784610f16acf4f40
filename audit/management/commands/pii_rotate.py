"""``manage.py pii_rotate``: re-encrypt personal data under the active key (issue 49).

Make the new key active first (``manage.py pii_key_create --add k2``, or the KMS's own way), deploy
it to every process, then run this (or queue the Celery task ``audit.pii_rotate``). It rewrites
only the values not under the active key and cipher, in batches, printing its progress: stopped
and run again, it goes on where it was. Keep the old key in the file until it reports 0 left."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.pii_rotation import BATCH, pii_rotate, pii_stale_count


class Command(BaseCommand):
    help = "Re-encrypt every personal-data value not under the active key and cipher."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=BATCH, help="Rows read a step.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the values left to rewrite."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            self.stdout.write(f"{pii_stale_count()} values not under the active key")
            return
        for step in pii_rotate(batch=max(1, options["batch"])):
            self.stdout.write(
                f"{step.column}: {step.seen}/{step.total} read, {step.rewritten} rewritten"
            )
        self.stdout.write(f"done: {pii_stale_count()} values left under other keys")
