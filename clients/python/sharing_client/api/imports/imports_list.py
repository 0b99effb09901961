from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.imports_list_status import ImportsListStatus
from ...models.paginated_import_job_list import PaginatedImportJobList
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cursor: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: ImportsListStatus | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    params["ordering"] = ordering

    params["page_size"] = page_size

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/imports/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedImportJobList | Problem:
    if response.status_code == 200:
        response_200 = PaginatedImportJobList.from_dict(response.json())

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
) -> Response[PaginatedImportJobList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: ImportsListStatus | Unset = UNSET,
) -> Response[PaginatedImportJobList | Problem]:
    """Your partner's file imports: a CSV or XLSX file of one published kind, upserted by external_id
    through the
    bulk path in the background. Poll the import for its progress; download the rows it did not store,
    with why.

    Args:
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        status (ImportsListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedImportJobList | Problem]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        ordering=ordering,
        page_size=page_size,
        status=status,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: ImportsListStatus | Unset = UNSET,
) -> PaginatedImportJobList | Problem | None:
    """Your partner's file imports: a CSV or XLSX file of one published kind, upserted by external_id
    through the
    bulk path in the background. Poll the import for its progress; download the rows it did not store,
    with why.

    Args:
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        status (ImportsListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedImportJobList | Problem
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
        ordering=ordering,
        page_size=page_size,
        status=status,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: ImportsListStatus | Unset = UNSET,
) -> Response[PaginatedImportJobList | Problem]:
    """Your partner's file imports: a CSV or XLSX file of one published kind, upserted by external_id
    through the
    bulk path in the background. Poll the import for its progress; download the rows it did not store,
    with why.

    Args:
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        status (ImportsListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedImportJobList | Problem]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        ordering=ordering,
        page_size=page_size,
        status=status,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: ImportsListStatus | Unset = UNSET,
) -> PaginatedImportJobList | Problem | None:
    """Your partner's file imports: a CSV or XLSX file of one published kind, upserted by external_id
    through the
    bulk path in the background. Poll the import for its progress; download the rows it did not store,
    with why.

    Args:
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        status (ImportsListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedImportJobList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
            ordering=ordering,
            page_size=page_size,
            status=status,
        )
    ).parsed
