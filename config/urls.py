from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from web import appraisal as appraisal_views
from web import maps as map_views
from web import public as public_views
from web import reports as report_views
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
    path("public/appraisal/", appraisal_views.public_appraisal_page, name="public-appraisal"),
    path("public/reports/new/", report_views.public_report_new, name="public-report-new"),
    path("public/reports/track/", report_views.public_report_track, name="public-report-track"),
    # The maps' layers and search (static/web/site_map.js): what any map shows, bounded.
    path("public/map/features/", map_views.map_features, name="map-features"),
    path("public/map/search/", map_views.map_search, name="map-search"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    # viewflow's components read translations and date formats from the JavaScript catalogue.
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("web.urls")),
]
