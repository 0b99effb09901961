from rest_framework.pagination import CursorPagination


class CursorPage(CursorPagination):
    """Cursor pages stay stable while partners write, unlike offsets."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    ordering = "-id"
