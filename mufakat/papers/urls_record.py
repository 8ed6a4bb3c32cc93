"""Pages of the report of the meeting, under its meeting (``/meetings/<id>/record/``)."""

from django.urls import URLPattern, path

from mufakat.papers import views_record

urlpatterns: list[URLPattern] = [
    path("meetings/<int:pk>/record/", views_record.record_page, name="record"),
    path("meetings/<int:pk>/record/start/", views_record.record_start, name="record_start"),
    path("meetings/<int:pk>/record/diff/", views_record.record_diff, name="record_diff"),
    path("meetings/<int:pk>/record/correct/", views_record.record_correct, name="record_correct"),
    path(
        "meetings/<int:pk>/record/v<int:number>/",
        views_record.record_version,
        name="record_version",
    ),
    path(
        "meetings/<int:pk>/record/v<int:number>/edit/",
        views_record.record_edit,
        name="record_edit",
    ),
    path(
        "meetings/<int:pk>/record/v<int:number>/circulate/",
        views_record.record_circulate,
        name="record_circulate",
    ),
    path(
        "meetings/<int:pk>/record/v<int:number>/adopt/",
        views_record.record_adopt,
        name="record_adopt",
    ),
    path(
        "meetings/<int:pk>/record/v<int:number>/comments/",
        views_record.record_comment,
        name="record_comment",
    ),
]
