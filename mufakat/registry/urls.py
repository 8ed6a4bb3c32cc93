from django.urls import path

from mufakat.registry import groups_views, views

app_name = "registry"
urlpatterns = [
    path("bodies/", views.bodies, name="bodies"),
    path("bodies/new/", views.body_create, name="body_create"),
    path("bodies/<str:code>/", views.body, name="body"),
    path("bodies/<str:code>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<str:code>/terms/new/", views.term_create, name="term_create"),
    path("terms/<int:pk>/edit/", views.term_edit, name="term_edit"),
    path("parties/", views.parties, name="parties"),
    path("parties/new/", views.party_create, name="party_create"),
    path("parties/<str:code>/", views.party, name="party"),
    path("parties/<str:code>/edit/", views.party_edit, name="party_edit"),
    path("parties/<str:code>/memberships/new/", views.membership_create, name="membership_create"),
    path("agencies/new/", views.agency_create, name="agency_create"),
    path("agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("crime-areas/", views.crime_areas, name="crime_areas"),
    path("crime-areas/<slug:code>/edit/", views.crime_area_edit, name="crime_area_edit"),
    path("sharing-groups/", groups_views.groups, name="groups"),
    path("sharing-groups/new/", groups_views.group_create, name="group_create"),
    path("sharing-groups/<slug:code>/", groups_views.group, name="group"),
    path("sharing-groups/<slug:code>/edit/", groups_views.group_edit, name="group_edit"),
]
