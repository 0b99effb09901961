from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.paginated_partner_list import PaginatedPartnerList
from ...models.partners_list_status_item import PartnersListStatusItem
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    code: str | Unset = UNSET,
    country: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: list[PartnersListStatusItem] | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["code"] = code

    params["country"] = country

    params["cursor"] = cursor

    params["ordering"] = ordering

    params["page_size"] = page_size

    json_status: list[str] | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = []
        for status_item_data in status:
            status_item = status_item_data.value
            json_status.append(status_item)

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/partners/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedPartnerList | Problem:
    if response.status_code == 200:
        response_200 = PaginatedPartnerList.from_dict(response.json())

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
) -> Response[PaginatedPartnerList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    code: str | Unset = UNSET,
    country: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: list[PartnersListStatusItem] | Unset = UNSET,
) -> Response[PaginatedPartnerList | Problem]:
    """Participating governments and agencies. Administrators add, change and suspend them.

    Args:
        code (str | Unset):
        country (str | Unset):
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        status (list[PartnersListStatusItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedPartnerList | Problem]
    """

    kwargs = _get_kwargs(
        code=code,
        country=country,
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
    code: str | Unset = UNSET,
    country: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: list[PartnersListStatusItem] | Unset = UNSET,
) -> PaginatedPartnerList | Problem | None:
    """Participating governments and agencies. Administrators add, change and suspend them.

    Args:
        code (str | Unset):
        country (str | Unset):
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        status (list[PartnersListStatusItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedPartnerList | Problem
    """

    return sync_detailed(
        client=client,
        code=code,
        country=country,
        cursor=cursor,
        ordering=ordering,
        page_size=page_size,
        status=status,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    code: str | Unset = UNSET,
    country: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: list[PartnersListStatusItem] | Unset = UNSET,
) -> Response[PaginatedPartnerList | Problem]:
    """Participating governments and agencies. Administrators add, change and suspend them.

    Args:
        code (str | Unset):
        country (str | Unset):
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        status (list[PartnersListStatusItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedPartnerList | Problem]
    """

    kwargs = _get_kwargs(
        code=code,
        country=country,
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
    code: str | Unset = UNSET,
    country: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: list[PartnersListStatusItem] | Unset = UNSET,
) -> PaginatedPartnerList | Problem | None:
    """Participating governments and agencies. Administrators add, change and suspend them.

    Args:
        code (str | Unset):
        country (str | Unset):
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        status (list[PartnersListStatusItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedPartnerList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            code=code,
            country=country,
            cursor=cursor,
            ordering=ordering,
            page_size=page_size,
            status=status,
        )
    ).parsed
