"""The secretariat invites people from the admin ("Memberships" > "Invite a person")."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from sharing.choices import Role
from sharing.models import Partner
from sharing.principal import Principal
from sharing.services import people


class InvitePersonForm(forms.Form):
    username = forms.CharField(max_length=150, help_text="What the person types to sign in.")
    email = forms.EmailField(help_text="Where the link to choose a password is sent.")
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    partner = forms.ModelChoiceField(queryset=Partner.objects.filter(status="active").order_by("code"))
    roles = forms.MultipleChoiceField(choices=Role.choices, widget=forms.CheckboxSelectMultiple,
                                      help_text="What the person may do in the console and the API.")


class InvitePersonMixin:
    """Adds the invitation page to the membership admin (and a button to its list)."""

    change_list_template = "admin/sharing/membership/change_list.html"

    def get_urls(self):
        return [
            path("invite/", self.admin_site.admin_view(self.invite_view), name="sharing_membership_invite"),
            *super().get_urls(),
        ]

    def invite_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = InvitePersonForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                membership = people.person_invite(
                    username=data["username"], email=data["email"], partner=data["partner"], roles=data["roles"],
                    first_name=data["first_name"], last_name=data["last_name"],
                    principal=Principal.for_user(request.user),
                )
            except (people.InvitationRefused, ValidationError) as exc:
                form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
            else:
                messages.success(request, f"{membership.user.get_username()} is invited to {membership.partner}: "
                                          f"a link to choose a password was sent to {membership.user.email}.")
                return redirect("admin:sharing_membership_changelist")
        context = {**self.admin_site.each_context(request), "title": "Invite a person", "form": form,
                   "opts": self.model._meta}
        return TemplateResponse(request, "admin/sharing/membership/invite.html", context)


# --- people's second factors: the secretariat may remove one (a lost phone), never read or change it ----------

import allauth.mfa.admin  # noqa: E402, F401  (registers allauth's own admin first, which is replaced below)
from allauth.mfa.models import Authenticator  # noqa: E402
from django.contrib import admin  # noqa: E402


class SecondFactorAdmin(admin.ModelAdmin):
    """allauth's admin showed and let staff edit an authenticator's data (a TOTP secret, recovery-code seed). Here:
    who has which factor, when last used; removing one (the person enrols again at their next sign-in) is audited
    as "user.second_factor_reset"."""

    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    search_fields = ("user__username", "user__email")
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def delete_model(self, request, obj) -> None:
        people.second_factor_reset(authenticator=obj, principal=Principal.for_user(request.user))

    def delete_queryset(self, request, queryset) -> None:
        for authenticator in queryset:
            people.second_factor_reset(authenticator=authenticator, principal=Principal.for_user(request.user))


admin.site.unregister(Authenticator)
admin.site.register(Authenticator, SecondFactorAdmin)
