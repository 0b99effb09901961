"""Partners (participating governments and agencies), their API keys and their human members."""

import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django_countries.fields import CountryField
from rest_framework_api_key.models import AbstractAPIKey, BaseAPIKeyManager

from sharing.choices import PartnerStatus, Role

partner_code_validator = RegexValidator(
    r"^[A-Z]{2}(-[A-Z0-9]{1,16}){1,3}$",
    "A partner code is a country or union prefix and an agency, in capitals: e.g. JP-METI or EU-DG-GROW.",
)


def validate_roles(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(role, str) for role in value):
        raise ValidationError("Roles must be a list of role names.")
    unknown = sorted(set(value) - set(Role.values))
    if unknown:
        raise ValidationError(f"Unknown role(s): {', '.join(unknown)}. Known: {', '.join(Role.values)}.")


def validate_networks(value: object) -> None:
    if not isinstance(value, list):
        raise ValidationError("Allowed networks must be a list of CIDR blocks.")
    for network in value:
        try:
            ipaddress.ip_network(str(network), strict=False)
        except ValueError as exc:
            raise ValidationError(f"{network!r} is not a CIDR block.") from exc


class Partner(models.Model):
    code = models.CharField(max_length=40, unique=True, validators=[partner_code_validator])
    name = models.CharField(max_length=200)
    country = CountryField(help_text="ISO 3166-1 alpha-2 country of the government.")
    status = models.CharField(max_length=16, choices=PartnerStatus.choices, default=PartnerStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_active(self) -> bool:
        return self.status == PartnerStatus.ACTIVE


class PartnerAPIKeyManager(BaseAPIKeyManager):
    def get_usable_keys(self) -> models.QuerySet:
        # Revocation, expiry and suspension are checked by the authentication class so that it can say which.
        return self.select_related("partner")


class PartnerAPIKey(AbstractAPIKey):
    """A partner system's key: hashed at rest (SHA-512 of a 256-bit random secret), shown once."""

    objects = PartnerAPIKeyManager()

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="api_keys")
    roles = models.JSONField(default=list, validators=[validate_roles])
    read_only = models.BooleanField(default=False, help_text="Refuse every write, whatever the roles say.")
    allowed_networks = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_networks],
        help_text="CIDR blocks the key may be used from; empty means anywhere.",
    )
    rotated_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rotated_to", editable=False
    )

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "partner API key"
        verbose_name_plural = "partner API keys"

    def allows_address(self, address: str | None) -> bool:
        if not self.allowed_networks:
            return True
        if not address:
            return False
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in ipaddress.ip_network(net, strict=False) for net in self.allowed_networks)


class Membership(models.Model):
    """A human user's place in a partner, with roles, for session use of the API."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="memberships")
    roles = models.JSONField(default=list, validators=[validate_roles])

    def __str__(self) -> str:
        return f"{self.user} @ {self.partner}"
