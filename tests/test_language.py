from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from config.middleware import ChosenLanguageMiddleware


def _language_seen(request) -> str:
    seen = {}

    def view(req):
        seen["language"] = translation.get_language()
        return HttpResponse("ok")

    ChosenLanguageMiddleware(view)(request)
    return seen["language"]


def test_chinese_by_default_even_when_the_browser_asks_for_english():
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert _language_seen(request) == "zh-hans"


def test_english_when_the_user_chose_it():
    request = RequestFactory().get("/")
    request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _language_seen(request) == "en"


def test_unknown_cookie_value_falls_back_to_chinese():
    request = RequestFactory().get("/")
    request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert _language_seen(request) == "zh-hans"
