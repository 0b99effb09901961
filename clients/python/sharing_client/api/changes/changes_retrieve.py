from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.changes_page import ChangesPage
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    after: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["after"] = after

    params["cursor"] = cursor

    params["limit"] = limit

    params["page_size"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/changes/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ChangesPage | Problem:
    if response.status_code == 200:
        response_200 = ChangesPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ChangesPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Response[ChangesPage | Problem]:
    """Everything that changed after a cursor that the caller may see, deletions included, in order.

    Pages like every list: start without a cursor, then follow ``next`` (a URL holding the sealed cursor
    and the
    ``page_size`` asked for), also given as a ``Link: <...>; rel="next"`` header while ``has_more``.
    Unlike a
    list's, ``next`` is never null: it is where to resume the next sync. A record that the caller can no
    longer
    see (its marking tightened, or the caller left a group) comes as a deletion; one it can newly see
    comes as an
    upsert, however old. The cursor is opaque and sealed (``feed_cursor``), and entries carry no change
    number:
    neither may count the changes the caller cannot see.

    The old parameters, ``after`` and ``limit``, keep working until ``FEED_LEGACY_PARAMS_SUNSET``, with
    the old
    answer (``next`` the bare token), ``Deprecation`` and ``Sunset`` headers; after that date they are a
    400.

    Args:
        after (str | Unset):
        cursor (str | Unset):
        limit (int | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChangesPage | Problem]
    """

    kwargs = _get_kwargs(
        after=after,
        cursor=cursor,
        limit=limit,
        page_size=page_size,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> ChangesPage | Problem | None:
    """Everything that changed after a cursor that the caller may see, deletions included, in order.

    Pages like every list: start without a cursor, then follow ``next`` (a URL holding the sealed cursor
    and the
    ``page_size`` asked for), also given as a ``Link: <...>; rel="next"`` header while ``has_more``.
    Unlike a
    list's, ``next`` is never null: it is where to resume the next sync. A record that the caller can no
    longer
    see (its marking tightened, or the caller left a group) comes as a deletion; one it can newly see
    comes as an
    upsert, however old. The cursor is opaque and sealed (``feed_cursor``), and entries carry no change
    number:
    neither may count the changes the caller cannot see.

    The old parameters, ``after`` and ``limit``, keep working until ``FEED_LEGACY_PARAMS_SUNSET``, with
    the old
    answer (``next`` the bare token), ``Deprecation`` and ``Sunset`` headers; after that date they are a
    400.

    Args:
        after (str | Unset):
        cursor (str | Unset):
        limit (int | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChangesPage | Problem
    """

    return sync_detailed(
        client=client,
        after=after,
        cursor=cursor,
        limit=limit,
        page_size=page_size,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Response[ChangesPage | Problem]:
    """Everything that changed after a cursor that the caller may see, deletions included, in order.

    Pages like every list: start without a cursor, then follow ``next`` (a URL holding the sealed cursor
    and the
    ``page_size`` asked for), also given as a ``Link: <...>; rel="next"`` header while ``has_more``.
    Unlike a
    list's, ``next`` is never null: it is where to resume the next sync. A record that the caller can no
    longer
    see (its marking tightened, or the caller left a group) comes as a deletion; one it can newly see
    comes as an
    upsert, however old. The cursor is opaque and sealed (``feed_cursor``), and entries carry no change
    number:
    neither may count the changes the caller cannot see.

    The old parameters, ``after`` and ``limit``, keep working until ``FEED_LEGACY_PARAMS_SUNSET``, with
    the old
    answer (``next`` the bare token), ``Deprecation`` and ``Sunset`` headers; after that date they are a
    400.

    Args:
        after (str | Unset):
        cursor (str | Unset):
        limit (int | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChangesPage | Problem]
    """

    kwargs = _get_kwargs(
        after=after,
        cursor=cursor,
        limit=limit,
        page_size=page_size,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> ChangesPage | Problem | None:
    """Everything that changed after a cursor that the caller may see, deletions included, in order.

    Pages like every list: start without a cursor, then follow ``next`` (a URL holding the sealed cursor
    and the
    ``page_size`` asked for), also given as a ``Link: <...>; rel="next"`` header while ``has_more``.
    Unlike a
    list's, ``next`` is never null: it is where to resume the next sync. A record that the caller can no
    longer
    see (its marking tightened, or the caller left a group) comes as a deletion; one it can newly see
    comes as an
    upsert, however old. The cursor is opaque and sealed (``feed_cursor``), and entries carry no change
    number:
    neither may count the changes the caller cannot see.

    The old parameters, ``after`` and ``limit``, keep working until ``FEED_LEGACY_PARAMS_SUNSET``, with
    the old
    answer (``next`` the bare token), ``Deprecation`` and ``Sunset`` headers; after that date they are a
    400.

    Args:
        after (str | Unset):
        cursor (str | Unset):
        limit (int | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChangesPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            after=after,
            cursor=cursor,
            limit=limit,
            page_size=page_size,
        )
    ).parsed
