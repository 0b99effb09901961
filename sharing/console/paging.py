"""Console lists page the way the API does: the API's own cursor pagination (``sharing.api.pagination.CursorPage``),
so a console page holds the same rows as the API's page for the same caller, filters and size, and stays stable
while partners write. Links are made relative to this site."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import QuerySet
from django.http import HttpRequest
from rest_framework.request import Request

from sharing.api.pagination import CursorPage

PAGE_SIZE = CursorPage.page_size  # the API's: with no page_size asked, a page holds the API's first page's rows


class InvalidQuery(Exception):
    """The page's query (a filter, a cursor, the exposure question) is not valid: a 400 page with these errors."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


def query_errors(detail) -> dict:
    """A filter set's or DRF's errors as {field: [messages]}."""
    return {name: [str(m) for m in (messages if isinstance(messages, list) else [messages])]
            for name, messages in (detail.items() if isinstance(detail, dict) else {"query": detail}.items())}


@dataclass
class Page:
    rows: list
    next_url: str | None
    previous_url: str | None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_url or self.previous_url)


def _relative(url: str | None) -> str | None:
    if url is None:
        return None
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def cursor_page(request: HttpRequest, queryset: QuerySet, ordering: tuple[str, ...],
                page_size: int = PAGE_SIZE) -> Page:
    """One page of ``queryset``; an invalid cursor or page size raises the API's ValidationError (a 400)."""
    paginator = CursorPage()
    paginator.ordering = ordering
    paginator.page_size = page_size
    rows = paginator.paginate_queryset(queryset, Request(request))
    return Page(list(rows), _relative(paginator.get_next_link()), _relative(paginator.get_previous_link()))
