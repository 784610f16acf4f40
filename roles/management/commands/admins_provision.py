"""``manage.py admins_provision [--sysadmin NAME] [--secadmin NAME] [--auditadmin NAME]``: make
the three administrators' groups hold exactly their permissions and make each named account
that administrator (roles.administrators; docs/deployment.md). An account that does not exist
is created without a usable password: set it with ``manage.py changepassword NAME``. Run by the
installer or the superuser; each assignment is on the audit chain."""

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from roles.administrators import (
    ADMINISTRATOR_GROUPS,
    administrator_assign,
    administrators_provision,
)


class Command(BaseCommand):
    help = "Provision the system, security and audit administrators (三员分立)."

    def add_arguments(self, parser: CommandParser) -> None:
        for group in ADMINISTRATOR_GROUPS:
            parser.add_argument(f"--{group}", metavar="USERNAME", help=f"the {group} account")

    def handle(self, *args: Any, **options: Any) -> None:
        administrators_provision()
        named = [(group, options[group]) for group in ADMINISTRATOR_GROUPS if options[group]]
        if len({username for _group, username in named}) < len(named):
            raise CommandError("one account cannot be two administrators")
        for group, username in named:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            try:
                administrator_assign(user=user, group_name=group)
            except ValueError as error:
                raise CommandError(str(error)) from error
            note = f" (new: set its password with `manage.py changepassword {username}`)"
            self.stdout.write(f"{username}: {group}{note if created else ''}")
        self.stdout.write("groups: " + ", ".join(ADMINISTRATOR_GROUPS))
