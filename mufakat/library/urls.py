from django.urls import path

from mufakat.library import views, views_follows, views_matching

app_name = "library"
urlpatterns = [
    path("", views.item_list, name="list"),
    path("export.<str:fmt>", views.item_export, name="export"),
    path("new/", views.item_create, name="create"),
    path("following/", views_follows.follows_page, name="follows"),
    path("matching/", views_matching.matching_page, name="matching"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/edit/", views.item_edit, name="edit"),
    path("<int:pk>/history/", views.item_history, name="history"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/offer/", views.offer, name="offer"),
    path("<int:pk>/close/", views.close, name="close"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
]
