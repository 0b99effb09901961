"""The landing page at /, the guide as text, and what the browsable API and runserver show a newcomer."""

import logging
import re

import pytest

from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_landing_page_says_what_this_is_and_links_every_entry_point(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "supply-network data for critical products" in html
    links = set(re.findall(r'href="([^"]+)"', html))
    assert {"/guide/", "/api/docs/", "/api/redoc/", "/api/schema/", "/api/v1/", "/admin/", "/api/v1/health/",
            "/console/"} <= links
    # Server-rendered, nothing from elsewhere: every link and asset is on this site.
    assert all(link.startswith("/") for link in links | set(re.findall(r'src="([^"]+)"', html)))
    assert "<script" not in html
    stylesheet = next(link for link in links if link.endswith(".css"))
    assert client.get(stylesheet).status_code == 200


def test_landing_page_links_work(client, staff_client):
    html = client.get("/").content.decode()
    for link in re.findall(r'href="([^"]+)"', html):
        # The console first asks a person to sign in with a second factor (a redirect to that page).
        response = staff_client.get(link, follow=link.startswith("/console/"))
        assert response.status_code == 200, link


def test_guide_is_served_as_its_markdown_text(client, settings):
    response = client.get("/guide/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    assert text == (settings.BASE_DIR / "api_docs" / "README.md").read_text()


def test_landing_page_only_answers_reads(client):
    assert client.post("/").status_code == 405


@pytest.mark.parametrize("path", ["/", "/guide/"])
def test_public_pages_answer_every_method_alike_for_every_caller(path, client, client_for, staff_client):
    """Every method the two pages allow (GET, HEAD) and refuse (OPTIONS, POST, PUT, PATCH, DELETE): the same answer
    without a key, with a partner's key and for staff, so that neither tells anything about who asks."""
    partner = client_for(PartnerFactory(code="JP-METI"), ("reader", "publisher", "responder", "coordinator"))
    for method in ("get", "head", "options", "post", "put", "patch", "delete"):
        answers = [getattr(caller, method)(path) for caller in (client, partner, staff_client)]
        statuses = {a.status_code for a in answers}
        assert statuses == ({200} if method in ("get", "head") else {405}), (method, statuses)
        bodies = {b"".join(a.streaming_content) if a.streaming else a.content for a in answers}
        assert len(bodies) == 1, method
        if method == "head":
            assert bodies == {b""}


@pytest.mark.parametrize("path, crumbs", [
    ("/api/v1/", ["Api Root"]),
    ("/api/v1/products/", ["Api Root", "Product List"]),
    ("/api/v1/health/", ["Api Root", "Health"]),
])
def test_browsable_api_breadcrumbs_name_only_real_pages(staff_client, path, crumbs):
    html = staff_client.get(path, HTTP_ACCEPT="text/html").content.decode()
    trail = re.search(r'<ul class="breadcrumb">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r">([^<>]+)</a>", trail) == crumbs


def test_unknown_api_address_is_still_a_404_problem(api):
    for method in ("get", "post", "delete"):
        response = getattr(api, method)("/api/v1/no-such-thing/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["detail"] == "No resource at this address."


def test_django_records_are_logged_once():
    """Django's default console handler on the "django" logger printed each record (runserver's "Watching for
    file changes") a second time beside the JSON line of the root handler."""
    assert logging.getLogger("django").handlers == []
    assert logging.getLogger("django.utils.autoreload").getEffectiveLevel() <= logging.INFO
