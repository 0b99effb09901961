from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = "Allied supply-network sharing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sharing.api import schema  # noqa: F401  (registers the OpenAPI auth extension)
