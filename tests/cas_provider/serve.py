"""Start the test CAS server: migrate its own database, let our service use it and receive
every attribute, serve on OP_PORT. Run as ``python -m tests.cas_provider.serve``."""

import os

import django
from django.core.management import call_command

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.cas_provider.settings")


def main() -> None:
    django.setup()
    from cas_server.models import ReplaceAttributName, ServicePattern

    call_command("migrate", verbosity=0)
    pattern = ServicePattern.objects.create(
        pos=1, name="permits", pattern=os.environ["OP_SERVICE_PATTERN"]
    )
    ReplaceAttributName.objects.create(service_pattern=pattern, name="*")
    call_command("runserver", f"127.0.0.1:{os.environ['OP_PORT']}", use_reloader=False)


if __name__ == "__main__":
    main()
