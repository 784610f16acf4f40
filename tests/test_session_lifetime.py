"""The absolute session lifetime beside the idle timeout (issue 47 item 3,
config.middleware.SessionAbsoluteLifetimeMiddleware): however active, a session ends
PERMITS_SESSION_ABSOLUTE_HOURS after its sign-in, and the login page says why."""

from datetime import timedelta

import time_machine
from django.utils import timezone, translation

from core.messages import MSG_SESSION_ENDED


def test_an_active_session_ends_at_its_absolute_lifetime(client, reviewer_my, settings):
    settings.PERMITS_SESSION_ABSOLUTE_HOURS = 2
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert (
            client.post(
                "/accounts/login/", {"username": "district_my", "password": "pw"}
            ).status_code
            == 302
        )
    # Active every 20 minutes: the idle timeout (30 min) never ends it.
    for minutes in range(20, 120, 20):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get("/api/v1/me/").status_code == 200, minutes
    with time_machine.travel(start + timedelta(minutes=121), tick=False):
        assert client.get("/api/v1/me/").status_code == 401
        answer = client.get("/", follow=True)
        assert answer.redirect_chain[-1][0].startswith("/accounts/login/")
        with translation.override("zh-hans"):
            said = str(MSG_SESSION_ENDED % {"hours": 2})
        page = client.get("/accounts/login/").content.decode()
        assert said in page or said in answer.content.decode()


def test_a_new_sign_in_starts_a_new_lifetime(client, reviewer_my, settings):
    settings.PERMITS_SESSION_ABSOLUTE_HOURS = 1
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post("/accounts/login/", {"username": "district_my", "password": "pw"})
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        assert client.get("/api/v1/me/").status_code == 401
        client.post("/accounts/login/", {"username": "district_my", "password": "pw"})
        assert client.get("/api/v1/me/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=85), tick=False):
        assert client.get("/api/v1/me/").status_code == 200


def test_signing_in_again_restarts_the_lifetime(client, reviewer_my, settings):
    settings.PERMITS_SESSION_ABSOLUTE_HOURS = 1
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post("/accounts/login/", {"username": "district_my", "password": "pw"})
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        client.post("/accounts/login/", {"username": "district_my", "password": "pw"})
    with time_machine.travel(start + timedelta(minutes=70), tick=False):
        assert client.get("/api/v1/me/").status_code == 200
