from django.urls import path

from mufakat.workplans import views, views_spreadsheet

app_name = "workplans"
urlpatterns = [
    path("", views.instrument_list, name="list"),
    path("new/", views.instrument_create, name="create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("priority-areas/<int:pk>/edit/", views.priority_area_edit, name="priority_area_edit"),
    path("priority-areas/<int:pk>/activities/new/", views.activity_create, name="activity_create"),
    path("links/<int:pk>/delete/", views.link_delete, name="link_delete"),
    # Work plans in and out of workbooks.
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
    path("<slug:key>/", views.instrument_detail, name="instrument"),
    path("<slug:key>/edit/", views.instrument_edit, name="edit"),
    path("<slug:key>/versions/", views.instrument_versions, name="versions"),
    path("<slug:key>/links/", views.instrument_links, name="links"),
    path("<slug:key>/priority-areas/new/", views.priority_area_create, name="priority_area_create"),
]
