from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AdminWithSecondFactorConfig(admin_apps.AdminConfig):
    """Django's admin on ``sharing.admin_site.SecondFactorAdminSite``: allauth's sign-in and the second factor."""

    default = False  # named in INSTALLED_APPS; "sharing" itself stays SharingConfig
    default_site = "sharing.admin_site.SecondFactorAdminSite"


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
