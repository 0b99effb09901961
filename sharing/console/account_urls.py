"""People's sign-in pages under /accounts/: allauth's account and MFA views (mfa under /accounts/2fa/).

- One address of allauth's is taken over: ``email/`` (allauth's page to add and change one's e-mail addresses),
  since a person's address is where their set-password link goes and only the secretariat changes it.
- Every page answers GET, HEAD and POST only: allauth's form views would treat PUT as POST and answer OPTIONS
  with 200; here those, PATCH and DELETE are 405, as on the console's pages.
- Enrolling a first second factor counts as passing it for this session (``account_views.records_enrolment``).
"""

from allauth.account import urls as account_urls
from allauth.mfa import urls as mfa_urls
from django.urls import URLPattern, URLResolver, include, path
from django.views.decorators.http import require_http_methods

from sharing.console import account_views

PAGE_METHODS = ["GET", "HEAD", "POST"]
TAKEN_OVER = {"account_email"}
ENROLMENT = {"mfa_activate_totp", "mfa_add_webauthn"}


def _pages(patterns) -> list:
    """allauth's patterns with each view limited to PAGE_METHODS (and the names taken over left out)."""
    limited = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            limited.append(URLResolver(entry.pattern, _pages(entry.url_patterns)))
        elif entry.name not in TAKEN_OVER:
            view = account_views.records_enrolment(entry.callback) if entry.name in ENROLMENT else entry.callback
            limited.append(URLPattern(entry.pattern, require_http_methods(PAGE_METHODS)(view),
                                      entry.default_args, entry.name))
    return limited


urlpatterns = [
    path("email/", account_views.email_managed, name="account_email"),
    *_pages(account_urls.urlpatterns),
    path("2fa/", include(_pages(mfa_urls.urlpatterns))),
]
