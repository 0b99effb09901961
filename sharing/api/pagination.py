from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from sharing.api.page_sql import row_value

_INVALID_CURSOR = "Not a cursor this service gave: start again without one, and pass back the next or previous link."
_INT_BOUND = 2**63


class CursorPage(CursorPagination):
    """Cursor pages stay stable while partners write, unlike offsets.

    A cursor comes back from the client, so it is input like any other: DRF decodes it but hands the position
    straight to the ORM, where a position that the ordering field cannot hold (``p=abc`` on ``id``) raised
    inside the query (a 500). Here a cursor that does not decode, is too long, or whose position the ordering
    field refuses is a 400 problem on the ``cursor`` parameter, on every list.
    """

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    ordering = "-id"
    max_cursor_length = 512  # ours are well under 100 characters

    def get_paginated_response(self, data) -> Response:
        """The page as DRF gives it (``next``, ``previous``, ``results``), plus the same links in an RFC 8288
        ``Link`` header, so a client may page by headers alone (``rel="next"``, ``rel="prev"``)."""
        # Each link made once (DRF's body and the header both want them: encoding a cursor into the URL twice was
        # some 1% of a list request's CPU). The body is DRF's, key for key.
        next_url, prev_url = self.get_next_link(), self.get_previous_link()
        response = Response({"next": next_url, "previous": prev_url, "results": data})
        links = link_header(next_url=next_url, prev_url=prev_url)
        if links:
            response["Link"] = links
        return response

    def paginate_queryset(self, queryset, request, view=None):
        self._model = getattr(queryset, "model", None)
        return super().paginate_queryset(queryset, request, view)

    def _get_position_from_instance(self, instance, ordering):
        if isinstance(instance, tuple):  # a page's row read by ``page_sql`` (``row_type``)
            return str(row_value(instance, ordering[0].lstrip("-")))
        return super()._get_position_from_instance(instance, ordering)

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is not None and len(encoded) > self.max_cursor_length:
            raise ValidationError({self.cursor_query_param: [_INVALID_CURSOR]})
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise ValidationError({self.cursor_query_param: [_INVALID_CURSOR]}) from None
        if cursor is not None and cursor.position is not None and not self._position_fits(cursor.position):
            raise ValidationError({self.cursor_query_param: [_INVALID_CURSOR]})
        return cursor

    def _position_fits(self, position: str) -> bool:
        """Whether the first ordering field can hold the position, as the database will be asked."""
        if "\x00" in position or any(0xD800 <= ord(c) <= 0xDFFF for c in position):
            return False  # PostgreSQL takes no NUL; a lone surrogate cannot be encoded
        model = getattr(self, "_model", None)
        if model is None or not self.ordering:
            return True
        name = self.ordering[0].lstrip("-")
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return True  # an annotation: nothing to check it against
        try:
            value = field.to_python(position)
        except (DjangoValidationError, TypeError, ValueError, OverflowError):
            return False
        if isinstance(field, models.IntegerField | models.ForeignKey) or isinstance(value, int):
            return isinstance(value, int) and -_INT_BOUND <= value < _INT_BOUND
        return value is not None


def link_header(*, next_url: str | None = None, prev_url: str | None = None, extra: tuple[str, ...] = ()) -> str:
    """An RFC 8288 ``Link`` field value for the page links there are (empty when there are none). URLs are
    already percent-encoded by DRF's ``replace_query_param``, so they hold no ``>`` or ``,`` to escape."""
    parts = [f'<{url}>; rel="{rel}"' for rel, url in (("next", next_url), ("prev", prev_url)) if url]
    return ", ".join([*parts, *extra])
