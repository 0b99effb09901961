"""The sharing rules, caller by caller and marking by marking, on every read path of the published kinds."""

import pytest
from rest_framework.test import APIClient

from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, publish

pytestmark = pytest.mark.django_db

# marking, names a group? -> who may see it
CASES = {
    "clear": ("CLEAR", True, {"owner", "member", "other", "anonymous"}),
    "green": ("GREEN", False, {"owner", "member", "other"}),
    "amber_group": ("AMBER", True, {"owner", "member"}),
    "amber_no_group": ("AMBER", False, {"owner"}),
    "strict_group": ("AMBER+STRICT", True, {"owner", "member"}),
    "red": ("RED", False, {"owner"}),
}
CALLERS = ["owner", "member", "other", "anonymous", "suspended"]
LIST_URLS = {"facility": "facilities", "capacity": "capacities", "stockpile": "stockpiles",
             "supply_link": "supply-links"}


@pytest.fixture
def scene(client_for):
    owner = PartnerFactory(code="JP-METI", country="JP")
    member = PartnerFactory(code="KR-MOTIE", country="KR")
    other = PartnerFactory(code="MX-SE", country="MX")
    suspended = PartnerFactory(code="CA-NRCAN", country="CA")
    group = SharingGroupFactory(name="Magnets WG", members=[owner, member, suspended])
    product = ProductFactory(code="NDFEB-MAGNET")
    base = publish("facility", owner, "BASE", marking="CLEAR")  # a public site, for capacity and links
    buyer = publish("facility", owner, "BUYER", marking="CLEAR")
    records: dict[str, dict[str, int]] = {kind: {} for kind in LIST_URLS}
    for name, (marking, with_group, _) in CASES.items():
        groups = [group] if with_group and marking != "CLEAR" else []
        records["facility"][name] = publish("facility", owner, f"F-{name}", marking=marking, groups=groups,
                                            country="CN").pk
        records["capacity"][name] = publish("capacity", owner, f"C-{name}", marking=marking, groups=groups,
                                            facility=base, product=product).pk
        records["stockpile"][name] = publish("stockpile", owner, f"S-{name}", marking=marking, groups=groups,
                                             facility=base, product=product).pk
        records["supply_link"][name] = publish("supply_link", owner, f"L-{name}", marking=marking, groups=groups,
                                               supplier=base, buyer=buyer, product=product).pk
    clients = {
        "owner": client_for(owner, roles=("reader",)),
        "member": client_for(member, roles=("reader",)),
        "other": client_for(other, roles=("reader",)),
        "anonymous": APIClient(),
    }
    suspended_client = client_for(suspended, roles=("reader",))
    suspended.status = "suspended"
    suspended.save()
    clients["suspended"] = suspended_client
    return {"records": records, "clients": clients, "base": base, "buyer": buyer}


def allowed(kind: str, caller: str, records: dict) -> set[int]:
    return {records[kind][name] for name, (_, _, who) in CASES.items() if caller in who}


def listed(client, kind, params=None) -> set[int] | int:
    response = client.get(f"/api/v1/{LIST_URLS[kind]}/", {"page_size": 1000, **(params or {})})
    if response.status_code != 200:
        return response.status_code
    return {r["id"] for r in response.json()["results"]}


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("kind", list(LIST_URLS))
def test_list_detail_and_filters_show_exactly_what_the_rules_allow(scene, caller, kind):
    client, records = scene["clients"][caller], scene["records"]
    expected = allowed(kind, caller, records)
    if caller == "suspended":
        assert listed(client, kind) == 401
        return
    fixture_ids = {scene["base"].pk, scene["buyer"].pk} if kind == "facility" else set()
    assert listed(client, kind) - fixture_ids == expected
    for name, pk in records[kind].items():
        status = client.get(f"/api/v1/{LIST_URLS[kind]}/{pk}/").status_code
        assert status == (200 if pk in expected else 404), (kind, name, caller)
    # Filters on the owner, markings and the facility country narrow what is visible and never widen it.
    assert listed(client, kind, {"partner": "JP-METI"}) - fixture_ids == expected
    for marking in ("RED", "AMBER", "AMBER+STRICT"):
        by_marking = listed(client, kind, {"marking": marking})
        assert by_marking == {pk for name, pk in records[kind].items()
                              if pk in expected and CASES[name][0] == marking}
    if kind == "facility":
        assert listed(client, kind, {"country": "CN"}) == expected
    else:
        assert listed(client, kind, {"product": "NDFEB-MAGNET"}) == expected


@pytest.mark.parametrize("caller", ["owner", "member", "other"])
def test_changes_feed_shows_exactly_what_the_rules_allow(scene, caller):
    client, records = scene["clients"][caller], scene["records"]
    body = client.get("/api/v1/changes/", {"after": 0, "limit": 1000}).json()
    seen = {(c["kind"], c["id"]) for c in body["results"] if c["op"] == "upsert"}
    expected = {(kind, pk) for kind in LIST_URLS for pk in allowed(kind, caller, records)}
    fixtures = {("facility", scene["base"].pk), ("facility", scene["buyer"].pk)}
    assert seen - fixtures == expected
    assert not [c for c in body["results"] if c["op"] == "delete"]


def test_record_at_hidden_facility_is_hidden_with_it(client_for):
    owner, other = PartnerFactory(), PartnerFactory()
    secret_site = publish("facility", owner, "SECRET", marking="RED", country="TW")
    capacity = publish("capacity", owner, marking="GREEN", facility=secret_site)
    client = client_for(other)
    assert client.get(f"/api/v1/capacities/{capacity.pk}/").status_code == 404
    assert listed(client, "capacity", {"country": "TW"}) == set()
    assert client_for(owner).get(f"/api/v1/capacities/{capacity.pk}/").status_code == 200


def test_facility_product_filter_uses_only_visible_capacity(client_for):
    owner, other = PartnerFactory(), PartnerFactory()
    site = publish("facility", owner, "SITE", marking="GREEN")
    publish("capacity", owner, marking="RED", facility=site, product=ProductFactory(code="HEPARIN"))
    assert listed(client_for(other), "facility", {"product": "HEPARIN"}) == set()
    assert listed(client_for(owner), "facility", {"product": "HEPARIN"}) == {site.pk}


def test_facility_product_filter_with_several_codes_and_unknown_ones(client_for):
    owner, other = PartnerFactory(), PartnerFactory()
    heparin, lithium = ProductFactory(code="HEPARIN"), ProductFactory(code="LITHIUM")
    makes_heparin, makes_lithium, makes_hidden = (publish("facility", owner, f"S-{n}") for n in range(3))
    publish("capacity", owner, facility=makes_heparin, product=heparin)
    publish("capacity", owner, facility=makes_lithium, product=lithium)
    publish("capacity", owner, marking="RED", facility=makes_hidden, product=lithium)
    client = client_for(other)
    assert listed(client, "facility", {"product": "HEPARIN,LITHIUM"}) == {makes_heparin.pk, makes_lithium.pk}
    assert listed(client, "facility", {"product": "LITHIUM,NO-SUCH"}) == {makes_lithium.pk}
    assert listed(client, "facility", {"product": "NO-SUCH"}) == set()
    assert listed(client_for(owner), "facility", {"product": "LITHIUM"}) == {makes_lithium.pk, makes_hidden.pk}


def test_groups_of_a_record_show_only_what_the_viewer_shares(client_for):
    owner, member = PartnerFactory(), PartnerFactory()
    shared = SharingGroupFactory(name="Shared", members=[owner, member])
    private = SharingGroupFactory(name="Private", members=[owner])
    record = publish("facility", owner, marking="AMBER", groups=[shared, private])
    assert client_for(owner).get(f"/api/v1/facilities/{record.pk}/").json()["groups"] == ["Private", "Shared"]
    assert client_for(member).get(f"/api/v1/facilities/{record.pk}/").json()["groups"] == ["Shared"]


def test_products_are_public(api):
    ProductFactory(code="N95", sector="medical_supplies", unit="units")
    response = api.get("/api/v1/products/")
    assert response.status_code == 200 and [p["code"] for p in response.json()["results"]] == ["N95"]
    assert api.get("/api/v1/products/N95/").json()["sector"] == "medical_supplies"


def test_partner_lists_only_its_groups(client_for):
    mine, theirs = PartnerFactory(), PartnerFactory()
    SharingGroupFactory(name="Mine", members=[mine])
    SharingGroupFactory(name="Theirs", members=[theirs])
    names = [g["name"] for g in client_for(mine).get("/api/v1/sharing-groups/").json()["results"]]
    assert names == ["Mine"]
