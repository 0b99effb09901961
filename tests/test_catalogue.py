"""The product catalogue: public reads, validated HS codes, a bill of materials without cycles."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sharing.models import AuditEvent, Product, ProductInput
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("codes", [["2846"], ["284690"], ["2846.90"], ["85423100"], ["8542310010"]])
def test_valid_hs_codes(codes):
    product = Product(code="p", name="P", sector="critical_minerals", unit="t", hs_codes=codes)
    product.full_clean()
    assert all(code.isdigit() for code in product.hs_codes)


@pytest.mark.parametrize("codes", [["28"], ["28469"], ["abcd"], "284690", [284690], ["2846901"]])
def test_invalid_hs_codes_are_refused(codes):
    product = Product(code="p", name="P", sector="critical_minerals", unit="t", hs_codes=codes)
    with pytest.raises(ValidationError) as excinfo:
        product.full_clean()
    assert "hs_codes" in excinfo.value.message_dict


def test_bill_of_materials_refuses_cycles():
    ore, oxide, magnet, motor = (ProductFactory(code=c) for c in ("ore", "oxide", "magnet", "motor"))
    for product, material in ((oxide, ore), (magnet, oxide), (motor, magnet)):
        line = ProductInput(product=product, input=material, quantity_per_unit=Decimal("0.3"))
        line.full_clean()
        line.save()
    for product, material in ((ore, motor), (oxide, magnet), (ore, ore)):
        with pytest.raises(ValidationError) as excinfo:
            ProductInput(product=product, input=material, quantity_per_unit=1).full_clean()
        assert "input" in excinfo.value.message_dict
    assert ProductInput.objects.count() == 3


def test_catalogue_shows_inputs_to_anyone(api, django_assert_max_num_queries):
    cell, cathode = ProductFactory(code="li-ion-cell", sector="batteries"), ProductFactory(code="nmc-cathode")
    ProductInput.objects.create(product=cell, input=cathode, quantity_per_unit=Decimal("1.5"))
    for i in range(10):
        ProductFactory(code=f"x-{i}")
    with django_assert_max_num_queries(3):
        products = api.get("/api/v1/products/", {"page_size": 100}).json()["results"]
    by_code = {p["code"]: p for p in products}
    assert by_code["li-ion-cell"]["inputs"] == [{"input": "nmc-cathode", "quantity_per_unit": "1.500000"}]
    assert [p["code"] for p in api.get("/api/v1/products/", {"sector": "batteries"}).json()["results"]] == [
        "li-ion-cell"
    ]
    assert api.get("/api/v1/products/", {"hs_code": "2846"}).json()["results"]


def test_admin_manages_the_catalogue_and_the_audit_trail_records_it(staff_client):
    data = {
        "code": "n95", "name": "N95 respirator", "sector": "medical_supplies", "hs_codes": '["630790"]',
        "unit": "units", "description": "",
        "inputs-TOTAL_FORMS": "0", "inputs-INITIAL_FORMS": "0", "inputs-MIN_NUM_FORMS": "0",
        "inputs-MAX_NUM_FORMS": "1000",
    }
    response = staff_client.post("/admin/sharing/product/add/", data, format="multipart")
    assert response.status_code == 302, response.content[:2000]
    assert Product.objects.get(code="n95").hs_codes == ["630790"]
    assert AuditEvent.objects.filter(action="product.create").count() == 1
    assert staff_client.post("/api/v1/products/", {"code": "x"}, format="json").status_code == 405


@pytest.mark.parametrize("code", ["A%00B", "caf%C3%A9", "x%20y", "a'b"])
def test_a_product_code_that_cannot_exist_is_a_404_problem(api, code):
    # A NUL byte reached PostgreSQL and was a 500; codes are slugs, so the route itself refuses the rest.
    response = api.get(f"/api/v1/products/{code}/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
