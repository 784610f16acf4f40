"""One official's sign-in with the second factor, timed (issue 47 Speed: under 1 s on this
machine, hasher rounds unchanged).

    .venv/bin/python bench/signin_bench.py [--rounds 5]

A test database (SQLite, created and dropped), the demo seeded, production's password hasher
(PBKDF2 at Django's default rounds) and ``PERMITS_REQUIRE_2FA`` on; each round through Django's
test client: the password page, the gate that sends the session to the second factor, the
authenticator app's code. Printed: each step's seconds and the total.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Pw-bench-2026!x"  # noqa: S105 - a bench account's password


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from demo.seed import demo_seed

    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, keepdb=False)
    hashers = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    try:
        with override_settings(PASSWORD_HASHERS=hashers, PERMITS_REQUIRE_2FA=True):
            demo_seed()
            user = User.objects.get(username="district_my")
            user.set_password(PASSWORD)
            user.save()
            device = TOTPDevice.objects.get(user=user)
            print(f"PBKDF2 rounds {PBKDF2PasswordHasher.iterations}")
            for index in range(rounds):
                client = Client()
                start = time.perf_counter()
                signed = client.post(
                    "/accounts/login/", {"username": user.username, "password": PASSWORD}
                )
                password_done = time.perf_counter()
                gate = client.get("/")
                assert gate["Location"].startswith("/accounts/second-factor/"), gate
                # A code is taken once: each round, the device forgets the step it last took
                # (a bench's shortcut, so that rounds may follow within one step).
                TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
                code = totp(device.bin_key, step=device.step, t0=device.t0)
                passed = client.post("/accounts/second-factor/", {"code": f"{code:06d}"})
                done = time.perf_counter()
                assert signed.status_code == passed.status_code == 302, (signed, passed)
                print(
                    f"round {index + 1}: password {password_done - start:.3f} s, second factor "
                    f"{done - password_done:.3f} s, sign-in {done - start:.3f} s"
                )
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
