"""Text fields for everything partners write: ``sharing.text.clean_text`` (NFC, no invisible or direction-changing
characters) after DRF's own conversion and trimming, and before the length validators."""

from django.core.validators import RegexValidator
from django.db import models
from rest_framework import serializers

from sharing.text import MULTILINE_PATTERN, SINGLE_LINE_PATTERN, UnsafeText, clean_text


class SafeCharField(serializers.CharField):
    """A one-line text: a name, an identifier, a code."""

    multiline = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Never the one to refuse (``clean`` runs first and says which character): it puts the rule in the schema.
        pattern = MULTILINE_PATTERN if self.multiline else SINGLE_LINE_PATTERN
        self.schema_validator = RegexValidator(pattern, "Invisible and control characters are not allowed.")
        self.validators.append(self.schema_validator)

    def clean(self, value: str) -> str:
        """The stored form of a text DRF has already accepted as a string (the fast bulk path calls it too)."""
        try:
            return clean_text(value, multiline=self.multiline)
        except UnsafeText as refusal:
            raise serializers.ValidationError(str(refusal), code="unsafe_text") from None

    def to_internal_value(self, data):
        return self.clean(super().to_internal_value(data))


class SafeTextField(SafeCharField):
    """Free text (a justification, a reason): line breaks and tabs allowed."""

    multiline = True


class SafeTextModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose generated text fields are the safe ones (keeping the model's own validators)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: SafeCharField,
        models.TextField: SafeTextField,
    }
