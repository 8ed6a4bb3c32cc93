from django.urls import path

from mufakat.frameworks import views

app_name = "frameworks"
urlpatterns = [
    path("", views.framework_list, name="list"),
    path("mirror/", views.mirror_instrument, name="mirror"),
    path("activities/<int:pk>/", views.activity_mappings, name="activity_mappings"),
    path("<slug:key>/", views.framework_detail, name="framework"),
    path("<slug:key>/<str:code>/", views.item_detail, name="item"),
]
