"""People's sign-in pages under /accounts/: allauth's account and MFA views (mfa under /accounts/2fa/).

One address of allauth's is taken over: ``email/`` (allauth's page to add and change one's e-mail addresses),
since a person's address is where their set-password link goes and only the secretariat changes it.
"""

from django.urls import include, path

from sharing.console import account_views

urlpatterns = [
    path("email/", account_views.email_managed, name="account_email"),
    path("", include("allauth.account.urls")),
    path("2fa/", include("allauth.mfa.urls")),
]
