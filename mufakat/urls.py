from django.contrib import admin
from django.urls import include, path

from mufakat.api import api
from mufakat.core import health
from mufakat.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),  # load balancers (docs/ops/production.md)
    # The profile page and the MFA wrappers come before allauth's own account URLs.
    path("accounts/", include("mufakat.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("registry/", include("mufakat.registry.urls")),
    path("meetings/", include("mufakat.meetings.urls")),
    path("instruments/", include("mufakat.workplans.urls")),
    path("monitoring/", include("mufakat.monitoring.urls")),
    path("library/", include("mufakat.library.urls")),
    path("search/", include("mufakat.search.urls")),
    path("ingest/", include("mufakat.ingest.urls")),
    path("audit/", include("mufakat.audit.urls")),
    path("desk/", include("mufakat.desk.urls")),
    path("frameworks/", include("mufakat.frameworks.urls")),
    path("", include("mufakat.papers.urls")),
]

# Error pages in the site's layout (JSON under /api/); see mufakat/core/error_pages.py.
handler403 = "mufakat.core.error_pages.permission_denied"
handler404 = "mufakat.core.error_pages.page_not_found"
handler500 = "mufakat.core.error_pages.server_error"
