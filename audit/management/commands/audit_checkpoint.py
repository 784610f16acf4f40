"""``manage.py audit_checkpoint``: sign the audit trail's current tree head now (product.md §13)."""

from typing import Any

from django.core.management.base import BaseCommand

from audit.checkpoints import checkpoint_sign


class Command(BaseCommand):
    help = "Sign a checkpoint (tree size, Merkle root, time) of the audit trail now."

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoint = checkpoint_sign()
        if checkpoint is None:
            self.stdout.write("no events yet: nothing to sign")
            return
        self.stdout.write(
            f"checkpoint {checkpoint.pk}: {checkpoint.tree_size} events, root "
            f"{checkpoint.root_hash}, key {checkpoint.key_id}"
        )
