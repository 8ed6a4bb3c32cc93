"""Monitoring URLs, assembled from the three areas (reports, spreadsheets, dashboards)."""

from mufakat.monitoring import urls_dashboards, urls_reports, urls_spreadsheets

app_name = "monitoring"
urlpatterns = [
    *urls_reports.urlpatterns,
    *urls_spreadsheets.urlpatterns,
    *urls_dashboards.urlpatterns,
]
