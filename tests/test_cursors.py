"""A cursor is client input: a tampered, garbage or huge one is a 400 problem on every list, never a 500."""

import base64

import pytest
from django.urls import URLPattern, get_resolver
from rest_framework.viewsets import ViewSetMixin

from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def list_urls() -> list[str]:
    """Every paginated list under /api/v1/ (viewsets with a list action)."""
    urls = []
    for entry in get_resolver().url_patterns:
        if str(entry.pattern) != "api/v1/":
            continue
        for pattern in entry.url_patterns:
            callback = getattr(pattern, "callback", None)
            if (isinstance(pattern, URLPattern) and getattr(callback, "cls", None)
                    and issubclass(callback.cls, ViewSetMixin) and callback.actions.get("get") == "list"):
                urls.append("/api/v1/" + str(pattern.pattern).strip("^$"))
    return sorted(urls)


BAD_CURSORS = [
    b64("p=abc"),                       # the reported one: a position the id cannot hold
    b64("p=99999999999999999999999"),   # beyond a 64-bit integer (SQLite's OverflowError)
    b64("p=1\x00"),                     # a NUL byte (PostgreSQL refuses it)
    b64("r=x"),                         # not a direction
    b64("o=-1"),
    "garbage",
    "%%%not-base64",
    "w6k=",                             # base64 of a non-ASCII byte
    "A" * 10_000,                       # huge
]


def test_every_list_is_covered():
    assert len(list_urls()) >= 14 and "/api/v1/products/" in list_urls()


@pytest.mark.parametrize("cursor", BAD_CURSORS)
def test_tampered_cursor_without_a_key_is_a_400_problem(api, cursor):
    ProductFactory(code="LIOH")
    for params in ({}, {"ordering": "id"}, {"ordering": "-id"}):
        response = api.get("/api/v1/products/", {**params, "cursor": cursor})
        if not params and response.status_code == 200:
            continue  # the catalogue's default order is by code: "abc" is a position a code can hold
        assert response.status_code == 400, (params, cursor, response.content[:200])
        assert response["Content-Type"] == "application/problem+json"
        assert "cursor" in response.json()["errors"]
        assert "Traceback" not in response.content.decode()


@pytest.mark.parametrize("url", list_urls())
def test_tampered_cursor_is_a_400_on_every_list(staff_client, url):
    for cursor in (b64("p=abc"), b64("p=2026-13-45"), "garbage", "A" * 600):
        for ordering in ("", "-id", "id"):
            params = {"cursor": cursor, **({"ordering": ordering} if ordering else {})}
            response = staff_client.get(url, params)
            if not ordering and response.status_code == 200 and cursor != "garbage":
                continue  # a list in order of a text field (codes, names) may hold such a position
            assert response.status_code == 400, (url, params, response.status_code)
            assert response["Content-Type"] == "application/problem+json"


def test_cursors_the_service_gives_still_work(api):
    for code in ("A", "B", "C"):
        ProductFactory(code=code)
    first = api.get("/api/v1/products/", {"page_size": 2, "ordering": "-id"}).json()
    second = api.get(first["next"]).json()
    assert [p["code"] for p in first["results"] + second["results"]] == ["C", "B", "A"]
    back = api.get(second["previous"]).json()
    assert [p["code"] for p in back["results"]] == ["C", "B"]
