from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.allocations_list_status import AllocationsListStatus
from ...models.paginated_allocation_list import PaginatedAllocationList
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cursor: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    request: int | Unset = UNSET,
    status: AllocationsListStatus | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    params["ordering"] = ordering

    params["page_size"] = page_size

    params["request"] = request

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/allocations/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedAllocationList | Problem:
    if response.status_code == 200:
        response_200 = PaginatedAllocationList.from_dict(response.json())

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
) -> Response[PaginatedAllocationList | Problem]:
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
    request: int | Unset = UNSET,
    status: AllocationsListStatus | Unset = UNSET,
) -> Response[PaginatedAllocationList | Problem]:
    """Offers: a supplier's responders see offers to it whole and answer them; the requester sees offers
    for its
    requests from sources it may see, and offers from other sources once their supplier has accepted.

    Args:
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        request (int | Unset):
        status (AllocationsListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedAllocationList | Problem]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        ordering=ordering,
        page_size=page_size,
        request=request,
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
    request: int | Unset = UNSET,
    status: AllocationsListStatus | Unset = UNSET,
) -> PaginatedAllocationList | Problem | None:
    """Offers: a supplier's responders see offers to it whole and answer them; the requester sees offers
    for its
    requests from sources it may see, and offers from other sources once their supplier has accepted.

    Args:
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        request (int | Unset):
        status (AllocationsListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedAllocationList | Problem
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
        ordering=ordering,
        page_size=page_size,
        request=request,
        status=status,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    request: int | Unset = UNSET,
    status: AllocationsListStatus | Unset = UNSET,
) -> Response[PaginatedAllocationList | Problem]:
    """Offers: a supplier's responders see offers to it whole and answer them; the requester sees offers
    for its
    requests from sources it may see, and offers from other sources once their supplier has accepted.

    Args:
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        request (int | Unset):
        status (AllocationsListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedAllocationList | Problem]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        ordering=ordering,
        page_size=page_size,
        request=request,
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
    request: int | Unset = UNSET,
    status: AllocationsListStatus | Unset = UNSET,
) -> PaginatedAllocationList | Problem | None:
    """Offers: a supplier's responders see offers to it whole and answer them; the requester sees offers
    for its
    requests from sources it may see, and offers from other sources once their supplier has accepted.

    Args:
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        request (int | Unset):
        status (AllocationsListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedAllocationList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
            ordering=ordering,
            page_size=page_size,
            request=request,
            status=status,
        )
    ).parsed
