from django.urls import path

from mufakat.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.events, name="events"),
    path("<int:pk>/", views.event, name="event"),
]
