"""``manage.py pii_key_create``: the personal-data key file (issue 49; docs/deployment.md).

Without ``--add``: a new file (one key, ``k1``, and the blind index's key), readable by its owner
only; refused if the file exists. With ``--add ID``: a new key added to the file and made active,
the old ones kept to decrypt until ``manage.py pii_rotate`` has rewritten every value. With
``--add-index ID``: a new blind-index key added and made active, the old ones kept (lookups still
try them) until ``manage.py pii_rotate --index`` has recomputed every index."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.pii import key_file_add, key_file_add_index, key_file_create


class Command(BaseCommand):
    help = "Create the personal-data key file, or add a new active key to it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="Default: PERMITS_PII_KEY_FILE.")
        parser.add_argument("--add", metavar="ID", help="Add a key of this id and make it active.")
        parser.add_argument(
            "--add-index", metavar="ID", help="Add an index key of this id and make it active."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"] or settings.PERMITS_PII_KEY_FILE)
        try:
            if options["add"]:
                key_file_add(path, options["add"])
                self.stdout.write(f"key {options['add']} added to {path} and made active")
            elif options["add_index"]:
                key_file_add_index(path, options["add_index"])
                self.stdout.write(
                    f"index key {options['add_index']} added to {path} and made active"
                )
            else:
                key_file_create(path)
                self.stdout.write(f"created {path}")
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
