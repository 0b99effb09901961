"""The console's addresses, under /console/ (config/urls.py). People sign in under /accounts/ (allauth)."""

from django.urls import path

from sharing.console import analyst, publisher, views

app_name = "console"

urlpatterns = [
    path("", views.home, name="home"),
    path("products/", analyst.products_page, name="products"),
    path("products/<slug:code>/", analyst.product_page, name="product"),
    path("records/", publisher.records_page, name="records"),
    path("records/<slug:kind>/", publisher.records_page, name="records"),
    path("records/<slug:kind>/<str:pk>/", publisher.record_page, name="record"),
    path("access-log/", publisher.access_log_page, name="access-log"),
]
