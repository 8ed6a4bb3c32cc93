"""Addresses of the brief, the status report, the papers' PDF and DOCX downloads and the
documents produced (names in the ``papers`` namespace)."""

from django.urls import URLPattern, path

from mufakat.papers import views_delivery as views

urlpatterns: list[URLPattern] = [
    path("meetings/<int:pk>/brief/", views.brief_page, name="brief"),
    path("meetings/<int:pk>/brief.pdf", views.brief_file, {"fmt": "pdf"}, name="brief_pdf"),
    path("meetings/<int:pk>/brief.docx", views.brief_file, {"fmt": "docx"}, name="brief_docx"),
    path("meetings/<int:pk>/record.pdf", views.record_file, {"fmt": "pdf"}, name="record_pdf"),
    path("meetings/<int:pk>/record.docx", views.record_file, {"fmt": "docx"}, name="record_docx"),
    path(
        "instruments/<int:pk>/status-report/",
        views.status_report_page,
        name="status_report",
    ),
    path(
        "instruments/<int:pk>/status-report.pdf",
        views.status_report_file,
        {"fmt": "pdf"},
        name="status_report_pdf",
    ),
    path(
        "instruments/<int:pk>/status-report.docx",
        views.status_report_file,
        {"fmt": "docx"},
        name="status_report_docx",
    ),
    path("papers/<int:pk>/", views.produced_detail, name="produced"),
    path("papers/<int:pk>/file/", views.produced_file, name="produced_file"),
]
