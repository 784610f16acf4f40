from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from web import appraisal as appraisal_views
from web import identity_providers
from web import maps as map_views
from web import passkeys as passkey_views
from web import public as public_views
from web import reports as report_views
from web import second_factor as second_factor_views
from web import verify as permit_views

# Under /api/ JSON in the API's error format, elsewhere our pages.
handler400 = "config.error_handlers.bad_request"
handler404 = "config.error_handlers.not_found"
handler500 = "config.error_handlers.server_error"

# The admin's name in its header and page titles, instead of "Django site admin".
admin.site.site_header = admin.site.site_title = _("Forestry permits administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Split: the init script is a separate response, so no inline script needs the CSP nonce.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/v1/", include("api.urls")),
    path("verify/<str:number>/", permit_views.certificate_verify, name="verify"),
    path("public/decisions/", public_views.public_decisions_page, name="public-decisions"),
    path(
        "public/permits/<str:number>/inspections/",
        public_views.permit_inspections_page,
        name="public-permit-inspections",
    ),
    path("public/appraisal/", appraisal_views.public_appraisal_page, name="public-appraisal"),
    path("public/reports/new/", report_views.public_report_new, name="public-report-new"),
    path("public/reports/track/", report_views.public_report_track, name="public-report-track"),
    # The maps' layers and search (static/web/site_map.js): what any map shows, bounded.
    path("public/map/features/", map_views.map_features, name="map-features"),
    path("public/map/search/", map_views.map_search, name="map-search"),
    path(
        "accounts/login/",
        identity_providers.LoginView.as_view(),
        name="login",
    ),
    # Single sign-out: a provider's session is ended at the provider too.
    path("accounts/logout/", identity_providers.LogoutView.as_view(), name="logout"),
    # Unified sign-in (PERMITS_IDENTITY_PROVIDER; docs/deployment.md): 404 unless chosen.
    path("accounts/oidc/start/", identity_providers.OidcStartView.as_view(), name="oidc-start"),
    path(
        "accounts/oidc/callback/",
        identity_providers.OidcCallbackView.as_view(),
        name="oidc-callback",
    ),
    path("accounts/cas/login/", identity_providers.CasLoginView.as_view(), name="cas-login"),
    # The password policy's rules are shown on this form (roles/passwords.py).
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(template_name="web/password_change.html"),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="web/password_change_done.html"),
        name="password_change_done",
    ),
    # The second factor after the password (config.middleware.SecondFactorMiddleware leads here).
    path("accounts/second-factor/", second_factor_views.second_factor_verify, name="second-factor"),
    path(
        "accounts/second-factor/enrol/",
        second_factor_views.second_factor_enrol,
        name="second-factor-enrol",
    ),
    path(
        "accounts/second-factor/reset/",
        second_factor_views.second_factor_reset_page,
        name="second-factor-reset",
    ),
    # The account's second factor: the app, passkeys listed, named, removed and added.
    path(
        "accounts/second-factor/devices/",
        passkey_views.second_factor_devices,
        name="second-factor-devices",
    ),
    path(
        "accounts/second-factor/passkeys/<int:pk>/",
        passkey_views.second_factor_passkey,
        name="second-factor-passkey",
    ),
    # Passkeys' WebAuthn ceremonies (django-otp-webauthn's, held to our rules in web/passkeys.py).
    path("accounts/passkeys/", include("web.passkey_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # viewflow's components read translations and date formats from the JavaScript catalogue.
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("web.urls")),
]
