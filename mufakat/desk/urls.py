"""My desk has no address of its own: it is the home page when signed in (``/``); ``/desk/``
is an alias for bookmarks and links."""

from django.urls import URLPattern, path

from mufakat.desk import views

app_name = "desk"
urlpatterns: list[URLPattern] = [path("", views.desk, name="desk")]
