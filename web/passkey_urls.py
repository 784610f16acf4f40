"""The passkey ceremonies' addresses (web/passkeys.py), under the namespace django-otp-webauthn's
template tags reverse (``otp_webauthn``): its views, held to our rules, and its scripts' words."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog

from . import passkeys

app_name = "otp_webauthn"

urlpatterns = [
    path(
        "registration/begin/",
        passkeys.RegistrationBegin.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        passkeys.RegistrationComplete.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        passkeys.AuthenticationBegin.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        passkeys.AuthenticationComplete.as_view(),
        name="credential-authentication-complete",
    ),
    # The library's scripts' words (Chinese in locale/zh_Hans/LC_MESSAGES/djangojs.po).
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
