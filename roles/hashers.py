"""The password hasher (issue 45 item 21): Argon2id with OWASP's first recommended setting
(46 MiB of memory, one pass, one lane), which a guesser's GPU pays for in memory, not only in
rounds. Django's PBKDF2 at 1,000,000 rounds cost ~180 ms of CPU per login, ~94% of a login's
CPU (bench/login_bench.py); this costs ~45 ms and resists parallel guessing better.

A hash records its own parameters, so changing them here upgrades each user's hash at the next
login (Django's ``must_update``); hashes made by the previous hashers (settings.PASSWORD_HASHERS
after this one) still verify and are rewritten with this one on the user's next login."""

from django.contrib.auth.hashers import Argon2PasswordHasher

# OWASP Password Storage Cheat Sheet, Argon2id: m=47104 KiB (46 MiB), t=1, p=1.
ARGON2_MEMORY_KIB = 47_104
ARGON2_PASSES = 1
ARGON2_LANES = 1


class Argon2idHasher(Argon2PasswordHasher):
    """Django's Argon2 hasher (Argon2id, algorithm name ``argon2``) with the parameters above:
    Django's own defaults (100 MiB, two passes, eight lanes) cost as much CPU as PBKDF2."""

    memory_cost = ARGON2_MEMORY_KIB
    time_cost = ARGON2_PASSES
    parallelism = ARGON2_LANES
