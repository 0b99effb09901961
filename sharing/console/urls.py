"""The console's addresses, under /console/ (config/urls.py). People sign in under /accounts/ (allauth)."""

from django.urls import path

from sharing.console import views

app_name = "console"

urlpatterns = [
    path("", views.home, name="home"),
]
