"""The console's addresses, under /console/ (config/urls.py). People sign in under /accounts/ (allauth)."""

from django.urls import path

from sharing.console import analyst, imports, offers, progress, publisher, reports, requests, views

app_name = "console"

urlpatterns = [
    path("", views.home, name="home"),
    # Analysts
    path("products/", analyst.products_page, name="products"),
    path("products/<slug:code>/", analyst.product_page, name="product"),
    path("procurement/progress/", progress.progress_page, name="procurement-progress"),
    path("reports/", reports.report_list, name="report-list"),
    path("reports/<int:pk>/", reports.report_detail, name="report-detail"),
    path("reports/<int:pk>/progress/", reports.report_progress, name="report-progress"),
    # Publishers
    path("records/", publisher.records_page, name="records"),
    path("records/<slug:kind>/", publisher.records_page, name="records"),
    path("records/<slug:kind>/<str:pk>/", publisher.record_page, name="record"),
    path("access-log/", publisher.access_log_page, name="access-log"),
    path("imports/", imports.imports_page, name="imports"),
    path("imports/templates/<slug:kind>.csv", imports.import_template, name="import-template"),
    path("imports/<int:pk>/", imports.import_detail, name="import-detail"),
    path("imports/<int:pk>/progress/", imports.import_progress, name="import-progress"),
    path("imports/<int:pk>/rejected.csv", imports.import_rejected, name="import-rejected"),
    # Coordinators
    path("requests/", requests.request_list, name="request-list"),
    path("requests/new/", requests.request_create, name="request-create"),
    path("requests/<int:pk>/", requests.request_detail, name="request-detail"),
    path("requests/<int:pk>/match/", requests.request_match, name="request-match"),
    path("requests/<int:pk>/cancel/", requests.request_cancel, name="request-cancel"),
    path("runs/<int:pk>/", requests.run_detail, name="run-detail"),
    path("runs/<int:pk>/progress/", requests.run_progress, name="run-progress"),
    # Responders (and the requester's view of an offer)
    path("offers/", offers.offer_list, name="offer-list"),
    path("offers/<int:pk>/", offers.offer_detail, name="offer-detail"),
    path("offers/<int:pk>/accept/", offers.offer_accept, name="offer-accept"),
    path("offers/<int:pk>/decline/", offers.offer_decline, name="offer-decline"),
    path("offers/<int:pk>/fulfil/", requests.offer_confirm_delivery, name="offer-fulfil"),
]
