"""One page of a list, for every console list: page numbers in the query string, PAGE_SIZE rows."""

from __future__ import annotations

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest

PAGE_SIZE = 25


def page_of(request: HttpRequest, items, *, per_page: int = PAGE_SIZE, param: str = "page"):
    """The page the query string asks for (the first for a bad number, the last past the end)."""
    paginator = Paginator(items, per_page)
    number = request.GET.get(param, "1")
    try:
        page = paginator.page(number)
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    page.param = param
    query = request.GET.copy()
    query.pop(param, None)
    page.query = query.urlencode()  # the other filters, kept by the page links
    return page
