"""Forms of people's sign-in (allauth's, with django-axes' lockout on the second-factor step) and of the console."""

from __future__ import annotations

from decimal import Decimal

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.webauthn.forms import AuthenticateWebAuthnForm
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.http import HttpRequest
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from sharing.choices import Priority

LOCKED_OUT = "Too many failed attempts: this account is locked from this address for a while."


class InviteOnlyAccountAdapter(DefaultAccountAdapter):
    """No sign-up: the secretariat invites people from the admin (``sharing.services.people.person_invite``)."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class SecondFactorLockoutMixin:
    """The second-factor step counts in django-axes with the password step (per user name and address): a wrong
    code is a failed sign-in, and a locked-out name is refused here even with the right code (django-axes'
    middleware then answers with its lockout page, 429). Each failure is audited as "user.second_factor"."""

    factor = ""

    def full_clean(self) -> None:
        request = allauth_context.request
        credentials = {"username": self.user.get_username()}
        if self.is_bound and AxesProxyHandler.is_locked(request, credentials):
            self._errors, self.cleaned_data = forms.utils.ErrorDict(), {}
            self.add_error(None, LOCKED_OUT)
            request.axes_locked_out, request.axes_credentials = True, credentials
            self._audit_failure(locked_out=True)
            return
        super().full_clean()
        if self.is_bound and self._errors:
            AxesProxyHandler.user_login_failed(sender=type(self), credentials=credentials, request=request)
            self._audit_failure(locked_out=bool(getattr(request, "axes_locked_out", False)))

    def _audit_failure(self, *, locked_out: bool) -> None:
        from sharing.services.people import audit_second_factor_failed

        audit_second_factor_failed(user=self.user, kind=self.factor, locked_out=locked_out)


class SecondFactorCodeForm(SecondFactorLockoutMixin, AuthenticateForm):
    factor = "code"


class SecondFactorKeyForm(SecondFactorLockoutMixin, AuthenticateWebAuthnForm):
    factor = "webauthn"


# --- the console's forms -------------------------------------------------------------------------------------
# Each form renders and parses the page's fields; the rules are the API's: the view validates the same data with
# the API's serializer (``validate_as_api``), so the console accepts exactly what the API accepts.


class DateInput(forms.DateInput):
    input_type = "date"


def validate_as_api(form: forms.Form, serializer) -> bool:
    """Runs the API serializer over the form's cleaned data; its errors become the form's (per field)."""
    if serializer.is_valid():
        return True
    for field, messages in serializer.errors.items():
        target = field if field in form.fields else None
        for message in messages if isinstance(messages, list) else [messages]:
            form.add_error(target, str(message))
    return False


class EmergencyRequestForm(forms.Form):
    product = forms.ModelChoiceField(queryset=None, to_field_name="code", empty_label="Choose a product")
    quantity = forms.DecimalField(max_digits=20, decimal_places=3, min_value=Decimal("0.001"),
                                  help_text="In the product's unit (shown with the product).")
    priority = forms.TypedChoiceField(choices=Priority.choices, coerce=int)
    needed_by = forms.DateField(widget=DateInput, help_text="The last day the delivery is of use.")
    destination_country = LazyTypedChoiceField(choices=countries, label="Destination country")
    destination_latitude = forms.DecimalField(max_digits=9, decimal_places=6, min_value=-90, max_value=90,
                                              label="Destination latitude", help_text="Decimal degrees, -90 to 90.")
    destination_longitude = forms.DecimalField(max_digits=9, decimal_places=6, min_value=-180, max_value=180,
                                               label="Destination longitude",
                                               help_text="Decimal degrees, -180 to 180.")
    justification = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                                    help_text="Why it is needed; the suppliers' responders read it.")
    # Sending the form twice (a double click, a reload) opens one request: the API's Idempotency-Key.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from sharing.models import Product

        self.fields["product"].queryset = Product.objects.order_by("code")
        self.fields["product"].label_from_instance = lambda p: f"{p.code} \u2014 {p.name} ({p.unit})"

    def api_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "idempotency_key"}
        data["product"] = data["product"].code
        return data


class MatchForm(forms.Form):
    ask_again = forms.ModelMultipleChoiceField(
        queryset=None, to_field_name="code", required=False, widget=forms.CheckboxSelectMultiple,
        label="Ask again partners that declined this request",
        help_text="A partner that declined is not offered again for this request unless you tick it here.",
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def __init__(self, *args, exclude_partner_id: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from sharing.models import Partner

        self.fields["ask_again"].queryset = Partner.objects.filter(status="active").exclude(pk=exclude_partner_id)
        self.fields["ask_again"].label_from_instance = lambda p: f"{p.code} \u2014 {p.name}"


class CancelForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, required=False,
                             help_text="Recorded in the audit trail and told to the suppliers whose offers end.")


class AcceptForm(forms.Form):
    confirmed_arrival = forms.DateField(
        widget=DateInput, required=False, label="Arrival date you confirm",
        help_text="The date the requester is told (your estimate if left empty). A requester that cannot see your "
                  "source learns this date, your partner and the quantity; never the distance or the place.",
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=1000,
                             help_text="Why you decline; the requester reads it if it may know of the offer.")
