from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = "Allied supply-network sharing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sharing import (
            receivers,  # noqa: F401  (sign-in events into the audit trail)
            tasks,  # noqa: F401  (registers the Celery tasks, which services start by name)
        )
        from sharing.api import (
            key_cache,
            schema,  # noqa: F401  (registers the OpenAPI auth extension)
        )

        key_cache.connect()
