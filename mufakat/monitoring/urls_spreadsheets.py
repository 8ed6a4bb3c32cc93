"""Bulk reporting: a round's template to download, and the page to upload it filled in."""

from django.urls import URLPattern, path

from mufakat.monitoring import views_spreadsheets

urlpatterns: list[URLPattern] = [
    path("rounds/<int:pk>/template/", views_spreadsheets.round_export, name="round_export"),
    path("rounds/<int:pk>/import/", views_spreadsheets.round_import, name="round_import"),
    path(
        "rounds/<int:pk>/import/<int:job>/",
        views_spreadsheets.round_import_job,
        name="round_import_job",
    ),
]
