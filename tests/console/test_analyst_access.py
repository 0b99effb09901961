"""The access matrix of the analyst's and publisher's console pages: every route, every method, every kind of
person. Pages only answer reads (GET, HEAD: the same status, no body); every other method is 405 for everyone,
before anything is looked up. A stranger is sent to sign in; a page needing a role the person lacks is a 403 page;
a record the person may not see is a 404 whatever its existence, a visible record of another partner a 403 (its
marking history is its owner's, as the API answers). Routes are read from the URL configuration: a new analyst or
publisher page without rows here fails ``test_every_route_is_covered``."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver

from tests.console.people import make_person, sign_in
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, output, publish, site

METHODS = ("get", "head", "options", "post", "put", "patch", "delete")
CALLERS = ("owner", "member", "other", "coordinator", "suspended", "staff", "anonymous")
AREAS = ("sharing.console.analyst", "sharing.console.publisher")


def routes() -> set[str]:
    """The console routes whose views live in the analyst's and publisher's modules."""
    console = next(r for r in get_resolver().url_patterns if getattr(r, "namespace", None) == "console")
    return {p.name for p in console.url_patterns
            if isinstance(p, URLPattern) and getattr(p.callback, "__module__", "") in AREAS}


def _row(**statuses):
    default = statuses.pop("_")
    return {caller: statuses.get(caller, default) for caller in CALLERS}


MEMBERS = _row(_=200, staff=403, suspended=403, anonymous=302)
READERS = _row(_=200, coordinator=403, staff=403, suspended=403, anonymous=302)
REFUSED = {"coordinator": 403, "staff": 403, "suspended": 403, "anonymous": 302}

# route -> [(url, GET's answer per caller)]
MATRIX = {
    "products": [(lambda s: "/console/products/", MEMBERS)],
    "product": [(lambda s: "/console/products/NDPR/", READERS),
                (lambda s: "/console/products/NO-SUCH/", _row(_=404, **REFUSED))],
    "records": [(lambda s: "/console/records/", READERS),
                (lambda s: "/console/records/capacities/", READERS),
                (lambda s: "/console/records/widgets/", _row(_=404, **REFUSED))],
    "record": [(lambda s: f"/console/records/facilities/{s['RED'].pk}/", _row(_=404, owner=200, **REFUSED)),
               (lambda s: f"/console/records/facilities/{s['AMBER'].pk}/",
                _row(_=404, owner=200, member=403, **REFUSED)),
               (lambda s: f"/console/records/facilities/{s['GREEN'].pk}/", _row(_=403, owner=200, **REFUSED)),
               (lambda s: f"/console/records/capacities/{s['capacity'].pk}/", _row(_=404, owner=200, **REFUSED)),
               (lambda s: "/console/records/facilities/123456789/", _row(_=404, **REFUSED))],
    "access-log": [(lambda s: "/console/access-log/", READERS)],
}

_names = itertools.count()


@pytest.fixture
def scene(db):
    owner, member, other = (PartnerFactory(code=c) for c in ("JP-METI", "KR-MOTIE", "MX-SE"))
    suspended = PartnerFactory(code="CA-NRCAN")
    group = SharingGroupFactory(name="WG", members=[owner, member, suspended])
    product = ProductFactory(code="NDPR")
    records = {m: site(owner, "JP", marking=m, groups=[group] if m == "AMBER" else [], external_id=f"F-{m}")
               for m in ("GREEN", "AMBER", "RED")}
    records["capacity"] = output(owner, records["RED"], product, 50, marking="RED")
    publish("supply_link", owner, "L-1", supplier=records["GREEN"], buyer=records["AMBER"], product=product)

    def person(partner, roles=("reader", "publisher"), **extra):
        return sign_in(make_person(partner, roles, username=f"person-{next(_names)}", **extra))

    clients = {
        "owner": person(owner), "member": person(member, ("reader",)), "other": person(other),
        "coordinator": person(owner, ("coordinator",)), "suspended": person(suspended, ("reader",)),
        "staff": person(None, (), is_staff=True), "anonymous": Client(),
    }
    suspended.status = "suspended"
    suspended.save()
    return {**records, "clients": clients}


def test_every_route_is_covered():
    assert routes() == set(MATRIX), "add the new console pages to the matrix"


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(MATRIX))
def test_console_access_matrix(route, scene):
    for url_of, expected in MATRIX[route]:
        url = url_of(scene)
        for caller in CALLERS:
            client = scene["clients"][caller]
            for method in METHODS:
                response = getattr(client, method)(url)
                want = expected[caller] if method in ("get", "head") else 405
                assert response.status_code == want, (route, url, caller, method)
                if method == "head":
                    assert response.content == b"", (url, caller)
                if want == 302:
                    assert response["Location"].startswith("/accounts/login/?next="), (url, caller)
