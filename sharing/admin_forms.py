"""Form fields for the secretariat's admin: roles as checkboxes and allowed networks as one CIDR block per line.

The key model stores both as JSON lists (the API and the services read lists); an administrator should not type
JSON. These fields show the list as a person reads it and give back the list the model validates.
"""

from __future__ import annotations

import ipaddress

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError

from sharing.choices import Role
from sharing.models import Membership, PartnerAPIKey

ROLE_HELP = {
    Role.READER: "reads what the sharing rules let its partner see",
    Role.PUBLISHER: "publishes and changes its partner's records",
    Role.RESPONDER: "answers emergency offers to its partner",
    Role.COORDINATOR: "opens emergency requests and runs matching",
}


class RoleChoiceField(forms.MultipleChoiceField):
    """The four roles as checkboxes, each with what it allows; at least one."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("choices", [(role.value, f"{role.label}: {ROLE_HELP[role]}") for role in Role])
        kwargs.setdefault("help_text", "Valid roles: " + ", ".join(Role.values) + ". Tick at least one.")
        kwargs.setdefault("error_messages", {"required": "Tick at least one role."})
        super().__init__(**kwargs)

    def clean(self, value) -> list[str]:
        return sorted(set(super().clean(value)))


class NetworkListField(forms.CharField):
    """One CIDR block (or single address) per line; blank lines and surrounding spaces ignored; empty = anywhere.

    Each line is checked and written in its canonical form (``192.0.2.7`` becomes ``192.0.2.7/32``); a block with
    host bits set (``192.0.2.7/24``) is refused with the block it probably meant, since accepting it silently
    would allow a wider range than the administrator may think.
    """

    widget = forms.Textarea(attrs={"rows": 4, "cols": 44, "spellcheck": "false", "autocomplete": "off"})

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            "One CIDR block per line, e.g. 192.0.2.0/24 or 2001:db8::/32; a single address is allowed. "
            "Leave empty to allow the key from anywhere.",
        )
        super().__init__(strip=False, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(network) for network in value)
        return value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list | tuple):
            value = "\n".join(map(str, value))
        networks: list[str] = []
        errors: list[ValidationError] = []
        for number, line in enumerate(str(value or "").splitlines(), start=1):
            text = line.strip()
            if not text:
                continue
            try:
                network = ipaddress.ip_network(text, strict=True)
            except ValueError:
                try:
                    wide = ipaddress.ip_network(text, strict=False)
                except ValueError:
                    errors.append(ValidationError(
                        "Line %(line)s: %(text)s is not a CIDR block or an address.",
                        code="invalid", params={"line": number, "text": text[:60]},
                    ))
                else:
                    errors.append(ValidationError(
                        "Line %(line)s: %(text)s has host bits set; the block is %(block)s.",
                        code="host_bits", params={"line": number, "text": text, "block": wide},
                    ))
                continue
            if str(network) not in networks:
                networks.append(str(network))
        if errors:
            raise ValidationError(errors)
        return networks

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time boxes, each with its own accessible name: the field's <label> names neither (a
    label can point at one control only), so a screen reader announced two unnamed boxes."""

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs)
        self.widgets[0].attrs["aria-label"] = "Expiry date (YYYY-MM-DD)"
        self.widgets[1].attrs["aria-label"] = "Expiry time (HH:MM:SS)"


class PartnerAPIKeyForm(forms.ModelForm):
    roles = RoleChoiceField()
    allowed_networks = NetworkListField(label="Allowed networks")

    class Meta:
        model = PartnerAPIKey
        fields = ["partner", "name", "roles", "read_only", "allowed_networks", "expiry_date"]
        widgets = {"expiry_date": LabelledSplitDateTime}


class MembershipForm(forms.ModelForm):
    roles = RoleChoiceField()

    class Meta:
        model = Membership
        fields = ["user", "partner", "roles"]
