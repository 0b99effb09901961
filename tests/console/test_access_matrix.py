"""The console's access matrix: every route under /console/ and /accounts/, every method, every kind of caller.

As tests/test_access_matrix.py does for the API: a route added without rows here makes
``test_every_console_route_is_covered`` fail. Each route lists the answers to the methods it serves; every other
method of GET HEAD OPTIONS POST PUT PATCH DELETE must answer 405 to everyone (checked too), and HEAD answers as GET
does, with no body. The callers: no session; a member signed in with the password only (no second factor yet); the
supplying partner's responder; a third partner's person with every role; the secretariat's staff; the requesting
partner's coordinator, who goes last (its POSTs change the request). A hidden record is a 404, never a 403, to the
third partner, who holds every role; a role the person lacks is a 403 page before any lookup, as on the API.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, path

METHODS = ["get", "head", "options", "put", "patch", "delete", "post"]
CALLERS = ["anonymous", "unverified", "responder", "third", "staff", "coordinator"]
PREFIXES = ("console/", "accounts/")


def console_routes(patterns=None, prefix="") -> dict[str, str]:
    """Name -> pattern of every route under /console/ and /accounts/."""
    found: dict[str, str] = {}
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            found.update({k: v for k, v in console_routes(entry.url_patterns, prefix + str(entry.pattern)).items()
                          if k not in found})
        elif isinstance(entry, URLPattern) and (prefix + str(entry.pattern)).startswith(PREFIXES):
            found.setdefault(entry.name, prefix + str(entry.pattern))
    return found


def row(statuses: str) -> dict[str, int]:
    """Statuses in CALLERS' order: "302 302 403 404 403 200"."""
    codes = [int(code) for code in statuses.split()]
    assert len(codes) == len(CALLERS)
    return dict(zip(CALLERS, codes, strict=True))


def request_url(s, tail=""):
    return f"/console/requests/{s['request'].pk}/{tail}"


def offer_url(name, tail=""):
    return lambda s: f"/console/offers/{s['offers'][name].pk}/{tail}"


def fixed(url):
    return lambda s: url


def import_url(tail=""):
    """An import of the requesting partner's (made once per scene): its coordinator is no publisher (403); the
    third partner's publisher may not know it exists (404)."""
    def url(s):
        if "import" not in s:
            from sharing.models import ImportJob, ImportRejectedRow

            s["import"] = ImportJob.objects.create(
                partner=s["requester"], kind="facility", file_format="csv", file_name="plants.csv",
                columns=["external_id", "name"], status="succeeded", rows_read=2, created=1, rejected=1)
            ImportRejectedRow.objects.create(job=s["import"], line=3, cells={"external_id": "F-2", "name": ""},
                                             errors={"name": ["This field may not be blank."]})
        return f"/console/imports/{s['import'].pk}/{tail}"
    return url


SIGNED_IN_ONLY = "302 200 200 200 200 200"  # allauth's pages for a signed-in person (the second factor not needed)
ANYONE = "200 200 200 200 200 200"
SIGNED_OUT_ONLY = "200 302 302 302 302 302"  # sign-in and sign-up pages send a signed-in person on
REDIRECTED = "302 302 302 302 302 302"

# route -> (url of the scene, {method: statuses}); a method not named answers 405 to everyone.
MATRIX = {
    # The console. Anonymous: to the sign-in page; no second factor yet: to enrol one.
    "home": (fixed("/console/"), {"get": "302 302 200 200 200 200"}),
    "request-list": (fixed("/console/requests/"), {"get": "302 302 403 200 403 200"}),
    "request-create": (fixed("/console/requests/new/"), {
        "get": "302 302 403 200 403 200",
        "post": "302 302 403 400 403 400",  # an empty form: the fields' errors
    }),
    "request-detail": (lambda s: request_url(s), {"get": "302 302 403 404 403 200"}),
    "request-match": (lambda s: request_url(s, "match/"), {"post": "302 302 403 404 403 302"}),
    "request-cancel": (lambda s: request_url(s, "cancel/"), {"post": "302 302 403 404 403 302"}),
    "run-detail": (lambda s: f"/console/runs/{s['run'].pk}/", {"get": "302 302 403 404 403 200"}),
    "run-progress": (lambda s: f"/console/runs/{s['run'].pk}/progress/", {"get": "302 302 403 404 403 200"}),
    "offer-list": (fixed("/console/offers/"), {"get": "302 302 200 200 403 200"}),
    # An offer from a source the requester may see: the supplier's and the requester's, no one else's.
    "offer-detail": (offer_url("visible"), {"get": "302 302 200 404 403 200"}),
    "offer-accept": (offer_url("visible", "accept/"), {"post": "302 302 302 404 403 403"}),
    "offer-decline": (offer_url("visible", "decline/"), {"post": "302 302 400 404 403 403"}),  # no reason: 400
    "offer-fulfil": (offer_url("accepted", "fulfil/"), {"post": "302 302 403 404 403 302"}),
    # Analysts and publishers: the catalogue is for every member; the rest needs reader (or publisher) as on the
    # API. A record is its owner's page: JP's RED stockpile is a 404 to the others who may read (hidden).
    "products": (fixed("/console/products/"), {"get": "302 302 200 200 403 200"}),
    "product": (fixed("/console/products/NDPR/"), {"get": "302 302 403 200 403 200"}),
    # Agency progress needs reader, as GET /api/v1/procurement/progress/ does.
    "procurement-progress": (fixed("/console/procurement/progress/"), {"get": "302 302 403 200 403 200"}),
    # Sector reports need reader, as /api/v1/reports/ does; a report is its requesting partner's alone.
    "report-list": (fixed("/console/reports/"), {"get": "302 302 403 200 403 200",
                                                  "post": "302 302 403 400 403 400"}),  # an empty form
    "report-detail": (lambda s: f"/console/reports/{s['report'].pk}/", {"get": "302 302 403 404 403 200"}),
    "report-progress": (lambda s: f"/console/reports/{s['report'].pk}/progress/",
                        {"get": "302 302 403 404 403 200"}),
    "records": (fixed("/console/records/"), {"get": "302 302 403 200 403 200"}),
    "record": (lambda s: f"/console/records/stockpiles/{s['red'].pk}/", {"get": "302 302 403 404 403 404"}),
    "access-log": (fixed("/console/access-log/"), {"get": "302 302 403 200 403 200"}),
    # Imports are the publisher's, as on the API (only the third partner's person holds that role); an empty
    # upload form is a 400 page; another partner's import is a 404.
    "imports": (fixed("/console/imports/"), {"get": "302 302 403 200 403 403", "post": "302 302 403 400 403 403"}),
    "import-template": (fixed("/console/imports/templates/facilities.csv"), {"get": "302 302 403 200 403 403"}),
    "import-detail": (import_url(), {"get": "302 302 403 404 403 403"}),
    "import-progress": (import_url("progress/"), {"get": "302 302 403 404 403 403"}),
    "import-rejected": (import_url("rejected.csv"), {"get": "302 302 403 404 403 403"}),
    # Sign-in pages (allauth's, GET HEAD POST only).
    "account_login": (fixed("/accounts/login/"), {"get": SIGNED_OUT_ONLY, "post": SIGNED_OUT_ONLY}),
    "account_logout": (fixed("/accounts/logout/"), {"get": "302 200 200 200 200 200", "post": REDIRECTED}),
    "account_signup": (fixed("/accounts/signup/"), {"get": SIGNED_OUT_ONLY, "post": SIGNED_OUT_ONLY}),  # closed
    "account_inactive": (fixed("/accounts/inactive/"), {"get": ANYONE}),
    "account_email": (fixed("/accounts/email/"), {"get": SIGNED_IN_ONLY}),  # the secretariat changes addresses
    "account_email_verification_sent": (fixed("/accounts/confirm-email/"), {"get": ANYONE}),
    "account_confirm_email": (fixed("/accounts/confirm-email/bogus/"), {"get": ANYONE, "post": "404 " * 6}),
    "account_confirm_login_code": (fixed("/accounts/login/code/confirm/"), {"get": REDIRECTED, "post": REDIRECTED}),
    "account_reauthenticate": (fixed("/accounts/reauthenticate/"), {"get": SIGNED_IN_ONLY, "post": SIGNED_IN_ONLY}),
    "account_change_password": (fixed("/accounts/password/change/"), {"get": SIGNED_IN_ONLY,
                                                                      "post": SIGNED_IN_ONLY}),
    "account_set_password": (fixed("/accounts/password/set/"), {"get": REDIRECTED, "post": REDIRECTED}),
    "account_reset_password": (fixed("/accounts/password/reset/"), {"get": ANYONE, "post": ANYONE}),
    "account_reset_password_done": (fixed("/accounts/password/reset/done/"), {"get": ANYONE}),
    "account_reset_password_from_key": (fixed("/accounts/password/reset/key/zz-bogus/"), {"get": ANYONE,
                                                                                         "post": ANYONE}),
    "account_reset_password_from_key_done": (fixed("/accounts/password/reset/key/done/"), {"get": ANYONE}),
    "mfa_index": (fixed("/accounts/2fa/"), {"get": SIGNED_IN_ONLY, "post": "302 405 405 405 405 405"}),
    # Outside a sign-in in progress, the second-factor page sends everyone on.
    "mfa_authenticate": (fixed("/accounts/2fa/authenticate/"), {"get": REDIRECTED, "post": REDIRECTED}),
    "mfa_reauthenticate": (fixed("/accounts/2fa/reauthenticate/"), {"get": "302 302 200 200 200 200",
                                                                    "post": "302 302 200 200 200 200"}),
    # Changing a second factor asks for the password again first (allauth's re-authentication).
    "mfa_activate_totp": (fixed("/accounts/2fa/totp/activate/"), {"get": REDIRECTED, "post": REDIRECTED}),
    "mfa_deactivate_totp": (fixed("/accounts/2fa/totp/deactivate/"), {"get": "302 404 302 302 302 302",
                                                                      "post": "302 404 302 302 302 302"}),
    "mfa_view_recovery_codes": (fixed("/accounts/2fa/recovery-codes/"), {"get": "302 404 404 404 404 404",
                                                                         "post": "302 405 405 405 405 405"}),
    "mfa_generate_recovery_codes": (fixed("/accounts/2fa/recovery-codes/generate/"), {"get": REDIRECTED,
                                                                                      "post": REDIRECTED}),
    "mfa_download_recovery_codes": (fixed("/accounts/2fa/recovery-codes/download/"), {
        "get": "302 404 404 404 404 404", "post": "302 404 404 404 404 404"}),
    "mfa_list_webauthn": (fixed("/accounts/2fa/webauthn/"), {"get": SIGNED_IN_ONLY,
                                                             "post": "302 405 405 405 405 405"}),
    "mfa_add_webauthn": (fixed("/accounts/2fa/webauthn/add/"), {"get": REDIRECTED, "post": REDIRECTED}),
    "mfa_reauthenticate_webauthn": (fixed("/accounts/2fa/webauthn/reauthenticate/"), {"get": REDIRECTED,
                                                                                      "post": REDIRECTED}),
    "mfa_edit_webauthn": (fixed("/accounts/2fa/webauthn/keys/1/edit/"), {"get": REDIRECTED, "post": REDIRECTED}),
    "mfa_remove_webauthn": (fixed("/accounts/2fa/webauthn/keys/1/remove/"), {"get": REDIRECTED,
                                                                             "post": REDIRECTED}),
}


def expected_rows(route: str) -> list[tuple[str, dict[str, int]]]:
    """Every method with its expected answers: as listed, HEAD as GET, anything else 405."""
    listed = MATRIX[route][1]
    rows = []
    for method in METHODS:
        spec = listed.get(method) or (listed.get("get") if method == "head" else None) or "405 " * 6
        rows.append((method, row(spec)))
    return rows


def test_every_console_route_is_covered():
    assert set(console_routes()) - set(MATRIX) == set(), "add the new console routes to the console access matrix"
    assert set(MATRIX) <= set(console_routes()), "rows for routes that do not exist"


def test_an_uncovered_route_makes_the_matrix_fail():
    import config.urls

    extra = path("console/new-thing/", lambda request: None, name="new-thing")
    assert "new-thing" in set(console_routes([*config.urls.urlpatterns, extra])) - set(MATRIX)


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_console_access_matrix(route, world, people):
    url = MATRIX[route][0](world)
    for method, expected in expected_rows(route):
        for caller in CALLERS:  # the requester's coordinator last: its POSTs change the request
            client = people[caller]
            response = getattr(client, method)(url)
            assert response.status_code == expected[caller], (route, method, url, caller, response.content[:300])
            if method == "head":
                assert response.content == b"", (route, caller)
            if response.status_code in (403, 404) and route[:4] not in ("acco", "mfa_"):
                assert response["Content-Type"].startswith("text/html"), (route, caller)  # a page, not JSON
            if response.status_code == 302 and caller == "anonymous" and route in CONSOLE_PAGES:
                assert response["Location"].startswith("/accounts/login/?next="), (route, method)
            if response.status_code == 302 and caller == "unverified" and route in CONSOLE_PAGES:
                assert response["Location"] == "/accounts/2fa/totp/activate/", (route, method)


CONSOLE_PAGES = {name for name, (_, methods) in MATRIX.items() if not name.startswith(("account_", "mfa_"))}


def test_matrix_counts():
    """For the report: routes and cases covered."""
    cases = sum(len(expected_rows(route)) * len(CALLERS) for route in MATRIX)
    assert len(MATRIX) >= 40 and cases >= 40 * 7 * 6


def test_every_route_of_the_service_has_a_matrix():
    """Each address of the URL configuration is checked by one matrix: the API's (tests/test_access_matrix.py),
    this one (console and sign-in), the public pages' (every method for every caller: tests/test_pages.py for / and
    /guide/, tests/test_waiver_registry.py for /waivers/), or it is the admin's."""
    from tests.test_access_matrix import MATRIX as API_MATRIX
    from tests.test_access_matrix import NOT_API

    def every(patterns=None, prefix=""):
        for entry in patterns if patterns is not None else get_resolver().url_patterns:
            if isinstance(entry, URLResolver):
                yield from every(entry.url_patterns, prefix + str(entry.pattern))
            else:
                yield prefix + str(entry.pattern), entry.name

    public_pages = {"landing", "sharing-guide", "waiver-registry", "waiver-registry-detail"}
    unchecked = [
        (route, name) for route, name in every()
        if not route.startswith("admin/")
        and not (route.lstrip("^").startswith("api/") and (name in API_MATRIX or name in NOT_API))
        and not (route.startswith(PREFIXES) and name in MATRIX)
        and name not in public_pages
    ]
    assert unchecked == []
