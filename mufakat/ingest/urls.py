from django.urls import path

from mufakat.ingest import views

app_name = "ingest"
urlpatterns = [
    path("", views.draft_list, name="list"),
    path("new/", views.draft_new, name="new"),
    path("<int:pk>/", views.draft_review, name="review"),
    path("<int:pk>/result/", views.draft_result, name="result"),
    path("<int:pk>/discard/", views.draft_discard, name="discard"),
]
