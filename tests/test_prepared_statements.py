"""PostgreSQL binds parameters on the server and prepares a statement the connection runs repeatedly
(config/settings.py): a list page's SELECT is then parsed once per connection rather than once per request."""

from __future__ import annotations

import pytest
from django.db import connection

from sharing.models import Product

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side binding is PostgreSQL's"),
]


def prepared_statements_like(fragment: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE NOT from_sql AND statement LIKE %s",
                       [f"%{fragment}%"])
        return cursor.fetchone()[0]


def test_a_statement_run_repeatedly_is_prepared_on_the_server():
    # A shape no other code path reads with: its text (and so its prepared statement) is this test's alone.
    shape = Product.objects.filter(code__in=["prepared-a", "prepared-b"], name__gt="").order_by("-name")
    shape = shape.values_list("code", "name")
    fragment = '"sharing_product"."code" IN ($1, $2) AND "sharing_product"."name" > $3'
    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True
    before = prepared_statements_like(fragment)
    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]
    for _ in range(threshold + 1):
        assert list(shape.all()) == []  # a fresh queryset each time: no result cache
    assert prepared_statements_like(fragment) == before + 1


def test_parameters_are_not_bound_in_python():
    import psycopg

    with connection.cursor() as cursor:  # psycopg's Cursor, not the ClientCursor Django uses by default
        assert not isinstance(cursor.cursor, psycopg.ClientCursor)


def test_a_prepared_statement_is_planned_for_each_executions_values():
    """plan_cache_mode force_custom_plan (config/settings.py): a statement prepared once is still planned with the
    values of each execution, never with one generic plan PostgreSQL kept for any values (which in the load test's
    mix cost the backends some 4 ms of CPU a request more). Under auto, PostgreSQL's default, this lookup by a
    unique code would be planned generically from its sixth execution on."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_custom_plan"
    shape = Product.objects.filter(code="planned-each-time", name__lt="~").values_list("pk")
    for _ in range(connection.settings_dict["OPTIONS"]["prepare_threshold"] + 10):
        assert list(shape.all()) == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE NOT from_sql AND "
                       "statement LIKE %s", ['%"sharing_product"."name" < $2%'])
        assert cursor.fetchall() == [(0, 10)]
