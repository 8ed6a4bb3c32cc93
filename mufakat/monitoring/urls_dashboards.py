"""Dashboards, the snapshot presented at a meeting, and freezing a round (``monitoring:``)."""

from django.urls import URLPattern, path

from mufakat.monitoring import views_dashboards as views

urlpatterns: list[URLPattern] = [
    path("instruments/<slug:key>/", views.instrument_dashboard, name="instrument_dashboard"),
    path("parties/<str:code>/", views.party_dashboard, name="party_dashboard"),
    path("meetings/<int:pk>/snapshot/", views.meeting_snapshot, name="meeting_snapshot"),
    path("rounds/<int:pk>/freeze/", views.round_freeze, name="round_freeze"),
]
