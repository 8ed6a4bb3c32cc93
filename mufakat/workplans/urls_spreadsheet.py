"""Work plans in and out of workbooks, under /instruments/ in the ``workplans`` namespace."""

from django.urls import URLPattern, path

from mufakat.workplans import views_spreadsheet

urlpatterns: list[URLPattern] = [
    path("new/spreadsheet/", views_spreadsheet.new_upload, name="spreadsheet_new"),
    path(
        "new/spreadsheet/template/",
        views_spreadsheet.template_download,
        name="spreadsheet_template",
    ),
    path(
        "spreadsheet-uploads/<uuid:token>/",
        views_spreadsheet.upload_preview,
        name="spreadsheet_preview",
    ),
    path("<slug:key>/spreadsheet/", views_spreadsheet.instrument_download, name="spreadsheet"),
    path(
        "<slug:key>/spreadsheet/upload/",
        views_spreadsheet.instrument_upload,
        name="spreadsheet_upload",
    ),
]
