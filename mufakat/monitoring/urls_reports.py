"""Addresses of the reporting workflow (the app's namespace is "monitoring")."""

from django.urls import URLPattern, path

from mufakat.monitoring import views_compliance, views_exports
from mufakat.monitoring import views_reports as views

urlpatterns: list[URLPattern] = [
    path("", views.round_list, name="rounds"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("rounds/<int:pk>/reopen/", views.round_reopen, name="round_reopen"),
    path("rounds/<int:pk>/compliance/", views_compliance.round_compliance, name="round_compliance"),
    path("rounds/<int:pk>/remind/", views_compliance.round_remind, name="round_remind"),
    path("my/", views.my_reports, name="my_reports"),
    path("my/reports.<str:fmt>", views_exports.my_reports_export, name="my_reports_export"),
    path("review/reports.<str:fmt>", views_exports.review_queue_export, name="review_export"),
    path(
        "rounds/<int:pk>/reports.<str:fmt>",
        views_exports.round_reports_export,
        name="round_reports_export",
    ),
    path("review/", views.review_queue, name="review"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/review/", views.review_report, name="review_report"),
    path("reports/<int:pk>/versions/", views.report_versions, name="report_versions"),
    path("reports/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
]
