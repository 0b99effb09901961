import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.paginated_audit_event_list import PaginatedAuditEventList
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    after: datetime.datetime | Unset = UNSET,
    before: datetime.datetime | Unset = UNSET,
    cursor: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: str | Unset = UNSET,
    record: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_after: str | Unset = UNSET
    if not isinstance(after, Unset):
        json_after = after.isoformat()
    params["after"] = json_after

    json_before: str | Unset = UNSET
    if not isinstance(before, Unset):
        json_before = before.isoformat()
    params["before"] = json_before

    params["cursor"] = cursor

    params["kind"] = kind

    params["ordering"] = ordering

    params["page_size"] = page_size

    params["partner"] = partner

    params["record"] = record

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/access-log/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedAuditEventList | Problem:
    if response.status_code == 200:
        response_200 = PaginatedAuditEventList.from_dict(response.json())

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
) -> Response[PaginatedAuditEventList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    after: datetime.datetime | Unset = UNSET,
    before: datetime.datetime | Unset = UNSET,
    cursor: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: str | Unset = UNSET,
    record: str | Unset = UNSET,
) -> Response[PaginatedAuditEventList | Problem]:
    """Who read your non-public records: other partners' reads (lists, details, syncs) of what you
    published.

    Args:
        after (datetime.datetime | Unset):
        before (datetime.datetime | Unset):
        cursor (str | Unset):
        kind (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (str | Unset):
        record (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedAuditEventList | Problem]
    """

    kwargs = _get_kwargs(
        after=after,
        before=before,
        cursor=cursor,
        kind=kind,
        ordering=ordering,
        page_size=page_size,
        partner=partner,
        record=record,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    after: datetime.datetime | Unset = UNSET,
    before: datetime.datetime | Unset = UNSET,
    cursor: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: str | Unset = UNSET,
    record: str | Unset = UNSET,
) -> PaginatedAuditEventList | Problem | None:
    """Who read your non-public records: other partners' reads (lists, details, syncs) of what you
    published.

    Args:
        after (datetime.datetime | Unset):
        before (datetime.datetime | Unset):
        cursor (str | Unset):
        kind (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (str | Unset):
        record (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedAuditEventList | Problem
    """

    return sync_detailed(
        client=client,
        after=after,
        before=before,
        cursor=cursor,
        kind=kind,
        ordering=ordering,
        page_size=page_size,
        partner=partner,
        record=record,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    after: datetime.datetime | Unset = UNSET,
    before: datetime.datetime | Unset = UNSET,
    cursor: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: str | Unset = UNSET,
    record: str | Unset = UNSET,
) -> Response[PaginatedAuditEventList | Problem]:
    """Who read your non-public records: other partners' reads (lists, details, syncs) of what you
    published.

    Args:
        after (datetime.datetime | Unset):
        before (datetime.datetime | Unset):
        cursor (str | Unset):
        kind (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (str | Unset):
        record (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedAuditEventList | Problem]
    """

    kwargs = _get_kwargs(
        after=after,
        before=before,
        cursor=cursor,
        kind=kind,
        ordering=ordering,
        page_size=page_size,
        partner=partner,
        record=record,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    after: datetime.datetime | Unset = UNSET,
    before: datetime.datetime | Unset = UNSET,
    cursor: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: str | Unset = UNSET,
    record: str | Unset = UNSET,
) -> PaginatedAuditEventList | Problem | None:
    """Who read your non-public records: other partners' reads (lists, details, syncs) of what you
    published.

    Args:
        after (datetime.datetime | Unset):
        before (datetime.datetime | Unset):
        cursor (str | Unset):
        kind (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (str | Unset):
        record (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedAuditEventList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            after=after,
            before=before,
            cursor=cursor,
            kind=kind,
            ordering=ordering,
            page_size=page_size,
            partner=partner,
            record=record,
        )
    ).parsed
