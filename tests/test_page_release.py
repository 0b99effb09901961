"""A list read's page is freed when its answer is, not left to Python's cycle collector (sharing.middleware's
``release_page``): DRF ties the answer and the paginator's rows into the view's reference cycles, and the collector
then traced the whole page on every request. Through the WSGI handler as gunicorn calls it (the test client keeps
its own references to the answer)."""

import gc
import sys
from io import BytesIO

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from sharing.middleware import release_page
from tests.factories import issue_key, publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: the handler's request signals would close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _environ(path: str, secret: str) -> dict:
    route, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": route, "QUERY_STRING": query, "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "testserver", "HTTP_AUTHORIZATION": secret,
        "wsgi.input": BytesIO(), "wsgi.errors": sys.stderr, "wsgi.url_scheme": "http", "wsgi.version": (1, 0),
        "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
    }


def _left_to_the_collector(handler: WSGIHandler, path: str, secret: str) -> list:
    """The objects one request leaves for the cycle collector (collected with DEBUG_SAVEALL, so kept to look at)."""
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = status

    gc.collect()
    gc.disable()
    flags = gc.get_debug()
    try:
        body = b"".join(handler(_environ(path, secret), start_response))
        assert answer["status"].startswith("200"), body[:300]
        gc.set_debug(flags | gc.DEBUG_SAVEALL)
        gc.collect()
        garbage = list(gc.garbage)
    finally:
        gc.set_debug(flags)
        gc.garbage.clear()
        gc.enable()
    return garbage


def _rows(garbage: list) -> list:
    """The page's rows among the garbage: as rendered (dicts), and as read (``page_sql.row_type`` tuples, which the
    collector tracks when a value in them is a container, e.g. their groups)."""
    return [o for o in garbage if (isinstance(o, dict) and "external_id" in o)
            or (isinstance(o, tuple) and "external_id" in (getattr(o, "names", None) or ()))]


@pytest.mark.parametrize("path", ["/api/v1/facilities/?page_size=50", "/api/v1/capacities/?page_size=50"])
def test_a_list_page_is_freed_with_its_answer(partner, path):
    facility = publish("facility", partner, "site-0")
    for i in range(12):
        publish("capacity", partner, f"cap-{i}", facility=facility)
        publish("facility", partner, f"site-{i + 1}")
    _, secret = issue_key(partner)
    handler = WSGIHandler()
    handler(_environ(path, secret), lambda *a: None)  # first request: imports, caches

    garbage = _left_to_the_collector(handler, path, secret)

    assert _rows(garbage) == []  # neither the rows as read nor as rendered
    assert not [o for o in garbage if isinstance(o, list) and o and isinstance(o[0], dict | tuple)]


def test_without_the_release_the_page_is_the_collectors(partner, monkeypatch):
    """The check above can fail: with ``release_page`` a no-op the page's rows are among the collector's."""
    for i in range(12):
        publish("facility", partner, f"site-{i}")
    _, secret = issue_key(partner)
    handler = WSGIHandler()
    path = "/api/v1/facilities/?page_size=50"
    handler(_environ(path, secret), lambda *a: None)
    monkeypatch.setattr("sharing.middleware.release_page", lambda response: None)

    assert len(_rows(_left_to_the_collector(handler, path, secret))) >= 12  # at least the 12 rendered


def test_release_leaves_other_answers_alone():
    from django.http import HttpResponse

    response = HttpResponse(b"x")
    release_page(response)
    assert response.content == b"x"
