"""The catalogue of sectors and industrial bases: seeded with the review's entries, extended by the secretariat in
the admin, public over the API with each entry's products (its catalogue sector's, those added later included, and
those named one by one)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from sharing.models import AuditEvent, ReviewSector
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_the_reviews_entries_are_in_the_catalogue_and_public():
    body = APIClient().get("/api/v1/sectors/", {"page_size": 100}).json()
    codes = {(entry["code"], entry["kind"]) for entry in body["results"]}
    assert {("semiconductors", "supply_chain"), ("batteries", "supply_chain"),
            ("critical-minerals", "supply_chain"), ("pharmaceuticals", "supply_chain")} <= codes
    assert {("defence", "industrial_base"), ("transportation", "industrial_base"), ("energy", "industrial_base"),
            ("ict", "industrial_base"), ("public-health", "industrial_base"),
            ("agriculture-food", "industrial_base")} <= codes
    bases = APIClient().get("/api/v1/sectors/", {"kind": "industrial_base"}).json()["results"]
    assert {e["kind"] for e in bases} == {"industrial_base"} and len(bases) == 6


def test_an_entry_lists_its_sectors_products_and_those_named():
    ProductFactory(code="NDPR", sector="critical_minerals")
    magnet = ProductFactory(code="NDFEB", sector="critical_minerals")
    chip = ProductFactory(code="LOGIC", sector="semiconductors")
    ReviewSector.objects.get(code="defence").products.add(magnet, chip)
    client = APIClient()
    minerals = client.get("/api/v1/sectors/critical-minerals/").json()
    assert minerals["products"] == ["NDFEB", "NDPR"] and minerals["product_sector"] == "critical_minerals"
    ProductFactory(code="COBALT", sector="critical_minerals")  # added later: belongs at once
    assert client.get("/api/v1/sectors/critical-minerals/").json()["products"] == ["COBALT", "NDFEB", "NDPR"]
    defence = client.get("/api/v1/sectors/defence/").json()
    assert defence["products"] == ["LOGIC", "NDFEB"] and defence["product_sector"] is None
    found = client.get("/api/v1/sectors/", {"product": "NDFEB"}).json()["results"]
    assert sorted(e["code"] for e in found) == ["critical-minerals", "defence"]
    assert client.get("/api/v1/sectors/", {"product": "NOPE"}).json()["results"] == []


@pytest.mark.parametrize("code", ["nope", "A%00B", "x%20y"])
def test_an_unknown_entry_is_a_404_problem(code):
    response = APIClient().get(f"/api/v1/sectors/{code}/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/problem+json")


def test_the_secretariat_extends_the_catalogue_in_the_admin(staff_client):
    gloves = ProductFactory(code="GLOVES", sector="medical_supplies")
    data = {"code": "space", "name": "Space industrial base", "kind": "industrial_base", "description": "",
            "product_sector": "", "products": [gloves.pk]}
    response = staff_client.post("/admin/sharing/reviewsector/add/", data, format="multipart")
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert APIClient().get("/api/v1/sectors/space/").json()["products"] == ["GLOVES"]
    assert AuditEvent.objects.filter(action="sector.create", object_type="sector").count() == 1
    assert staff_client.post("/api/v1/sectors/", {"code": "x"}, format="json").status_code == 405


def test_a_list_costs_the_same_queries_however_many_entries_and_products(django_assert_max_num_queries):
    counts = []
    for round_ in range(2):
        for i in range(5 * round_ + 1):
            product = ProductFactory(code=f"P-{round_}-{i}", sector="batteries")
            ReviewSector.objects.get(code="energy").products.add(product)
            ReviewSector.objects.create(code=f"extra-{round_}-{i}", name="Extra", kind="industrial_base",
                                        product_sector="batteries").products.add(product)
        with django_assert_max_num_queries(6), CaptureQueriesContext(connection) as queries:
            assert APIClient().get("/api/v1/sectors/", {"page_size": 100}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
