"""The service's content negotiation answers exactly what DRF's does (renderer, media type, or the same refusal),
taking its shortcut only where DRF's own loop gives that answer."""

import itertools

import pytest
from django.http import Http404
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from sharing.api.negotiation import ContentNegotiation
from sharing.interchange import exports

ACCEPTS = [None, "*/*", "application/json", "", "application/*", "text/csv", "application/json; indent=4",
           "application/json;q=0.5, text/csv", "text/html", "*/*;q=0.1", "application/vnd.ms-excel, */*",
           "APPLICATION/JSON", " application/json", "application/json, */*", "application/xml"]
FORMATS = [None, "", "json", "csv", "api", "nonsense"]


def _renderer_lists():
    csv = exports.renderer("csv")
    return {
        "json": [JSONRenderer()],
        "json+exports": [JSONRenderer(), csv],
        "json+browsable": [JSONRenderer(), BrowsableAPIRenderer()],
        "browsable first": [BrowsableAPIRenderer(), JSONRenderer()],
        "csv first": [csv, JSONRenderer()],
    }


def _answer(negotiation, accept, format_, renderers, suffix):
    query = {} if format_ is None else {"format": format_}
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    request = Request(APIRequestFactory().get("/api/v1/capacities/", query, **headers))
    try:
        renderer, media_type = negotiation.select_renderer(request, renderers, suffix)
    except NotAcceptable as refused:
        return ("refused", str(refused.detail))
    except Http404:  # a format no renderer has
        return ("not found",)
    return (renderers.index(renderer), media_type)


@pytest.mark.parametrize("name", list(_renderer_lists()))
def test_the_same_answer_as_drfs_negotiation(name):
    renderers = _renderer_lists()[name]
    compared = 0
    for accept, format_, suffix in itertools.product(ACCEPTS, FORMATS, [None, "json", "csv"]):
        ours = _answer(ContentNegotiation(), accept, format_, renderers, suffix)
        drfs = _answer(DefaultContentNegotiation(), accept, format_, renderers, suffix)
        assert ours == drfs, (name, accept, format_, suffix)
        compared += 1
    assert compared == len(ACCEPTS) * len(FORMATS) * 3


def test_the_shortcut_is_taken_only_where_it_gives_drfs_answer(monkeypatch):
    """The shortcut answers without DRF's parsing for the plain cases (so the test above compares it, not DRF
    with itself), and leaves every other case to DRF."""
    parsed = []
    original = DefaultContentNegotiation._get_parsed_accept_list
    monkeypatch.setattr(DefaultContentNegotiation, "_get_parsed_accept_list",
                        lambda self, request: parsed.append(1) or original(self, request))
    renderers = _renderer_lists()["json+exports"]
    for accept in (None, "*/*", "application/json"):
        assert _answer(ContentNegotiation(), accept, None, renderers, None) == (0, "application/json")
    assert parsed == []
    _answer(ContentNegotiation(), "text/csv", None, renderers, None)
    _answer(ContentNegotiation(), "*/*", "csv", renderers, None)
    _answer(ContentNegotiation(), None, None, _renderer_lists()["browsable first"], None)
    assert len(parsed) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("accept, query, content_type", [
    (None, "", "application/json"), ("*/*", "", "application/json"), ("application/json", "", "application/json"),
    ("text/csv", "", "text/csv"), (None, "?format=csv", "text/csv"), ("application/xml", "", None),
])
def test_list_answers_by_accept_and_format(client_for, partner, accept, query, content_type):
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    response = client_for(partner).get(f"/api/v1/capacities/{query}", **headers)
    if content_type is None:
        assert response.status_code == 406
    else:
        assert response.status_code == 200
        assert response["Content-Type"].split(";")[0] == content_type
