"""Start the test provider: migrate its own database, make the people of OP_PEOPLE and the
relying party's client, serve on OP_PORT. Run as ``python -m tests.oidc_provider.serve``."""

import os

import django
from django.core.management import call_command

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")


def main() -> None:
    django.setup()
    from django.contrib.auth.models import User
    from oauth2_provider.models import Application

    from tests.oidc_provider.validator import people

    call_command("migrate", verbosity=0)
    for username, person in people().items():
        User.objects.create_user(username=username, password=person["password"])
    Application.objects.create(
        name="permits",
        client_id=os.environ["OP_CLIENT_ID"],
        client_secret=os.environ["OP_CLIENT_SECRET"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=os.environ["OP_REDIRECT_URI"],
        post_logout_redirect_uris="http://testserver/accounts/login/",
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    call_command("runserver", f"127.0.0.1:{os.environ['OP_PORT']}", use_reloader=False)


if __name__ == "__main__":
    main()
