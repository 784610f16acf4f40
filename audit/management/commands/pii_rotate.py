"""``manage.py pii_rotate``: re-encrypt personal data under the active key, or with ``--index``
recompute the blind indexes under the active index key (issue 49).

Make the new key active first (``manage.py pii_key_create --add k2``, ``--add-index i2``, or the
KMS's own way), deploy it to every process, then run this (or queue the Celery task
``audit.pii_rotate``). It rewrites only the values (or indexes) not under the active key, in
batches, printing its progress: stopped and run again, it goes on where it was. Each run ends as
an audit event (``pii_reencrypted``, ``pii_index_rotated``). Keep the old key in the file until it
reports 0 left."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from audit.pii_rotations import pii_rotation_run
from core.pii_rotation import BATCH, RotationProgress, pii_index_stale_count, pii_stale_count


class Command(BaseCommand):
    help = (
        "Re-encrypt every personal-data value not under the active key and cipher, or "
        "(--index) recompute every blind index not under the active index key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=BATCH, help="Rows read a step.")
        parser.add_argument(
            "--index", action="store_true", help="Recompute the blind indexes instead."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the values left to rewrite."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        index = options["index"]
        if options["dry_run"]:
            if index:
                self.stdout.write(
                    f"{pii_index_stale_count()} indexes not under the active index key"
                )
            else:
                self.stdout.write(f"{pii_stale_count()} values not under the active key")
            return
        event = pii_rotation_run(
            index=index, batch=max(1, options["batch"]), progress=self._progress
        )
        left = event.details["left"]
        what = "indexes left under other index keys" if index else "values left under other keys"
        self.stdout.write(f"done: {left} {what} (audit event {event.seq})")

    def _progress(self, step: RotationProgress) -> None:
        self.stdout.write(
            f"{step.column}: {step.seen}/{step.total} read, {step.rewritten} rewritten"
        )
