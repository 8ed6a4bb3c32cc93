from django.urls import path

app_name = "workplans"
urlpatterns: list = []
