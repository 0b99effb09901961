"""Exports of a published list: CSV, XLSX and GeoJSON of the rows its JSON list shows, every row, not a page.

The rows are the list's own: the same queryset (``visible_to``), filters and ordering, the same output serializer,
read in batches of ``BATCH`` (one query for a batch's groups), so what a caller may see and how it reads is decided
in one place. A row becomes one line: nested objects flatten to dotted columns (``facility.external_id``), a list
(the groups) joins with ``;`` as an import reads it, so an export opens in a spreadsheet and goes back in as an
import of the same columns. A text cell a spreadsheet would run as a formula is neutralised (OWASP's advice).

CSV streams as it is written. XLSX is written by openpyxl in write-only mode into a temporary file (spilled to disk
past a few MB) and then streamed from it: a zip cannot be sent before it is finished. GeoJSON (RFC 7946) streams a
FeatureCollection: a facility is a Point at its location, a capacity a Point at its facility's, with the row as
properties and the record's id as the feature id.
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from rest_framework import renderers

BATCH = 500
GROUP_SEPARATOR = ";"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")

MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}


class ExportRenderer(renderers.BaseRenderer):
    """Names a format for content negotiation (``?format=`` or ``Accept``); the list streams the body itself. An
    error (a problem) renders as the JSON it is."""

    charset = "utf-8"
    errors_as_json = True  # sharing.api.errors answers a problem as application/problem+json

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return renderers.JSONRenderer().render(data)


def renderer(file_format: str) -> ExportRenderer:
    """A renderer naming the format (a fresh instance, as DRF makes one per request, of a class made once)."""
    return _renderer_class(file_format)()


@cache
def _renderer_class(file_format: str) -> type[ExportRenderer]:
    # Once per format: a class made per call was three ``type()`` calls on every list request (and as many classes
    # for the garbage collector).
    return type(f"{file_format.upper()}Renderer", (ExportRenderer,),
                {"media_type": MEDIA_TYPES[file_format], "format": file_format})


def cell(value: Any) -> str:
    """A value as a cell's text; a text a spreadsheet would run as a formula gets a leading apostrophe (a number,
    negative or not, is left as it is)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = GROUP_SEPARATOR.join(str(v) for v in value)
    text = str(value)
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def flatten(row: dict, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in row.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{name}."))
        else:
            out[f"{prefix}{name}"] = value
    return out


def columns_of(sample: dict) -> list[str]:
    """The columns of a kind, from one (empty or not) representation: ``id`` first."""
    names = list(flatten(sample))
    return ["id", *[n for n in names if n != "id"]]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def csv_response(rows: Iterable[dict], columns: list[str], name: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), lineterminator="\r\n")

    def lines() -> Iterator[str]:
        yield writer.writerow(columns)
        for row in rows:
            flat = flatten(row)
            yield writer.writerow([cell(flat.get(c)) for c in columns])

    return _attachment(StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8"), f"{name}.csv")


def xlsx_response(rows: Iterable[dict], columns: list[str], name: str) -> FileResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(name[:31])
    sheet.append(columns)
    for row in rows:
        flat = flatten(row)
        sheet.append([cell(flat.get(c)) for c in columns])
    spool = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"{name}.xlsx", content_type=MEDIA_TYPES["xlsx"])


def _number(value: Any) -> float | None:
    return None if value in (None, "") else float(value)


def geojson_response(features: Iterable[tuple[dict, Any, Any]], name: str) -> StreamingHttpResponse:
    """``features``: (the row, longitude, latitude) per record."""

    def chunks() -> Iterator[str]:
        yield '{"type": "FeatureCollection", "features": ['
        first = True
        for row, longitude, latitude in features:
            lon, lat = _number(longitude), _number(latitude)
            geometry = {"type": "Point", "coordinates": [lon, lat]} if lon is not None and lat is not None else None
            feature = {"type": "Feature", "id": row["id"], "geometry": geometry,
                       "properties": {k: v for k, v in row.items() if k != "id"}}
            yield ("" if first else ",") + json.dumps(feature, default=str)
            first = False
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type=f"{MEDIA_TYPES['geojson']}; charset=utf-8")
    return _attachment(response, f"{name}.geojson")
