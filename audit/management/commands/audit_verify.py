"""``manage.py audit_verify``: recompute the audit chain; exit 1 naming the first bad event."""

import base64
import binascii
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.algorithms import algorithm_of_public
from audit.bindings import first_unbound
from audit.checkpoints import checkpoint_files_read
from audit.labels import action_label
from audit.models import AuditCheckpoint, AuditEvent
from audit.trail import PINNED_MAX_AGE, ChainReport, audit_verify
from core.localtime import local_iso


def describe(seq: int) -> str:
    event = AuditEvent.objects.filter(seq=seq).first()
    if event is None:
        return f"event #{seq} is missing"
    action = f"{action_label(event.action)} {event.action}"
    return f"event #{seq} ({action} {event.application_reference} at {local_iso(event.at)})"


def describe_checkpoint(pk: int) -> str:
    checkpoint = AuditCheckpoint.objects.get(pk=pk)
    return (
        f"checkpoint {pk} ({checkpoint.tree_size} events, root {checkpoint.root_hash[:16]}…, "
        f"signed {local_iso(checkpoint.at)} with key {checkpoint.key_id})"
    )


def trusted_keys(given: list[str]) -> set[bytes] | None:
    """The raw Ed25519 or SM2 public keys of ``--trusted-key`` (None when none was given)."""
    if not given:
        return None
    keys = set()
    for text in given:
        try:
            key = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            key = b""
        try:
            algorithm_of_public(key)
        except ValueError as error:
            raise CommandError(
                f"--trusted-key {text!r}: not a base64 Ed25519 or SM2 public key"
            ) from error
        keys.add(key)
    return keys


class Command(BaseCommand):
    help = (
        "Verify the hash chain of the audit trail and every signed checkpoint; names the first "
        "broken event or checkpoint."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoints",
            metavar="DIR",
            help="Check the checkpoint files kept outside the database in DIR (checkpoint-*.json) "
            "instead of the database's own checkpoints.",
        )
        parser.add_argument(
            "--trusted-key",
            action="append",
            default=[],
            metavar="BASE64",
            help="A public key you hold (as /api/v1/audit/public-keys/ published it; repeat for "
            "rotated keys). Every checkpoint must then be signed with one of them, not merely "
            "with a key the database lists.",
        )

        parser.add_argument(
            "--max-age",
            type=float,
            default=PINNED_MAX_AGE.total_seconds() / 3600,
            metavar="HOURS",
            help="With --trusted-key: the newest checkpoint a pinned key signed may be at most "
            "this old (default 25: one is signed after each commit that appends events and at "
            "least daily). Older, or none at all, fails: the pinned key then proves nothing.",
        )
        parser.add_argument(
            "--no-facts",
            action="store_true",
            help="Skip comparing each application's record with the latest snapshot its "
            "events hashed (one snapshot per application: the slow part on a large database).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            metavar="N",
            help="PostgreSQL: verify spans of 65,536 events in N processes that share one "
            "snapshot of the database (default: one per CPU; 1 verifies in this process).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        external = None
        if options["checkpoints"] is not None:
            directory = Path(options["checkpoints"])
            if not directory.is_dir():
                raise CommandError(f"--checkpoints {directory}: not a directory")
            try:
                external = checkpoint_files_read(directory)
            except ValueError as error:
                raise CommandError(str(error)) from error
            if not external:
                raise CommandError(f"--checkpoints {directory}: no checkpoint-*.json files")
        if not options["max_age"] > 0:
            raise CommandError(f"--max-age {options['max_age']}: more than 0 hours")
        if options["workers"] < 1:
            raise CommandError(f"--workers {options['workers']}: at least 1")
        report = audit_verify(
            external,
            trusted_keys(options["trusted_key"]),
            workers=options["workers"],
            max_age=timedelta(hours=options["max_age"]),
        )
        if report.first_bad_seq is not None:  # a broken chain names its first bad event
            raise CommandError(
                f"audit chain broken at {describe(report.first_bad_seq)}; "
                f"{report.events} events in total",
                returncode=1,
            )
        if report.first_bad_checkpoint_file is not None:
            raise CommandError(
                f"audit checkpoint file {report.first_bad_checkpoint_file} does not verify: the "
                f"events were changed, removed or rewritten since it was signed, or it was "
                f"signed with a key you do not trust ({report.events} events now)",
                returncode=1,
            )
        if report.first_bad_checkpoint is not None:
            bad = describe_checkpoint(report.first_bad_checkpoint)
            raise CommandError(
                f"audit checkpoint does not verify: {bad}; the events were changed, removed or "
                f"rewritten since it was signed, or it was signed with a key you do not trust "
                f"({report.events} events now)",
                returncode=1,
            )
        unbound = None if options["no_facts"] else first_unbound()
        if unbound is not None:
            raise CommandError(
                f"application {unbound.reference} was changed outside the trail: "
                f"{unbound.problem} (event #{unbound.seq}); the database was edited directly",
                returncode=1,
            )
        if report.stale:
            raise CommandError(stale_message(report, options["max_age"]), returncode=1)
        summary = f"ok: {report.events} events, {report.checkpoints} signed checkpoints"
        if report.pinned_newest is not None:
            size, at = report.pinned_newest
            summary += (
                f"; a pinned key proves events 1-{size} (signed {local_iso(at)}), "
                f"{report.events - size} events after it rest on the database alone"
            )
        self.stdout.write(summary)


def stale_message(report: ChainReport, max_age: float) -> str:
    if report.pinned_newest is None:
        return (
            f"no checkpoint is signed with a pinned key ({report.checkpoints} signed checkpoints, "
            f"{report.events} events): the pinned key proves nothing about this trail; its "
            f"checkpoints were deleted or never made"
        )
    size, at = report.pinned_newest
    return (
        f"the newest checkpoint signed with a pinned key covers {size} events and was signed "
        f"{local_iso(at)}, more than {max_age:g} hours ago: newer checkpoints are missing, "
        f"so the {report.events - size} events after it are not proven"
    )
