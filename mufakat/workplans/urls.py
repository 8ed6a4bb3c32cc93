from django.urls import include, path

from mufakat.workplans import views, views_iati

app_name = "workplans"
urlpatterns = [
    path("", views.instrument_list, name="list"),
    path("export.<str:fmt>", views.instrument_export, name="export"),
    path("activities.<str:fmt>", views.activity_export, name="activity_export"),
    path("new/", views.instrument_create, name="create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("priority-areas/<int:pk>/edit/", views.priority_area_edit, name="priority_area_edit"),
    path("priority-areas/<int:pk>/activities/new/", views.activity_create, name="activity_create"),
    path("links/<int:pk>/delete/", views.link_delete, name="link_delete"),
    # Work plans in and out of workbooks (before the instrument's own addresses).
    path("", include("mufakat.workplans.urls_spreadsheet")),
    path("<slug:key>/", views.instrument_detail, name="instrument"),
    path("<slug:key>/edit/", views.instrument_edit, name="edit"),
    path("<slug:key>/versions/", views.instrument_versions, name="versions"),
    path("<slug:key>/links/", views.instrument_links, name="links"),
    path("<slug:key>/iati.xml", views_iati.instrument_iati, name="iati"),
    path("<slug:key>/priority-areas/new/", views.priority_area_create, name="priority_area_create"),
]
