from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.content import Content
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    defence: bool | Unset = UNSET,
    delivery_year: int,
    facility: int,
    fallback: bool | Unset = UNSET,
    product: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["defence"] = defence

    params["delivery_year"] = delivery_year

    params["facility"] = facility

    params["fallback"] = fallback

    params["product"] = product

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/procurement/content/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Content | Problem:
    if response.status_code == 200:
        response_200 = Content.from_dict(response.json())

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
) -> Response[Content | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    defence: bool | Unset = UNSET,
    delivery_year: int,
    facility: int,
    fallback: bool | Unset = UNSET,
    product: str,
) -> Response[Content | Problem]:
    """Domestic and allied content of a facility's output, and its verdict against the threshold schedule.

    Domestic means the country of your partner (the buying partner). Uses only the records you may see;
    a
    facility you may not see is 404. Needs the ``reader`` role; reads of non-public records are audited.

    Args:
        defence (bool | Unset):
        delivery_year (int):
        facility (int):
        fallback (bool | Unset):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Content | Problem]
    """

    kwargs = _get_kwargs(
        defence=defence,
        delivery_year=delivery_year,
        facility=facility,
        fallback=fallback,
        product=product,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    defence: bool | Unset = UNSET,
    delivery_year: int,
    facility: int,
    fallback: bool | Unset = UNSET,
    product: str,
) -> Content | Problem | None:
    """Domestic and allied content of a facility's output, and its verdict against the threshold schedule.

    Domestic means the country of your partner (the buying partner). Uses only the records you may see;
    a
    facility you may not see is 404. Needs the ``reader`` role; reads of non-public records are audited.

    Args:
        defence (bool | Unset):
        delivery_year (int):
        facility (int):
        fallback (bool | Unset):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Content | Problem
    """

    return sync_detailed(
        client=client,
        defence=defence,
        delivery_year=delivery_year,
        facility=facility,
        fallback=fallback,
        product=product,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    defence: bool | Unset = UNSET,
    delivery_year: int,
    facility: int,
    fallback: bool | Unset = UNSET,
    product: str,
) -> Response[Content | Problem]:
    """Domestic and allied content of a facility's output, and its verdict against the threshold schedule.

    Domestic means the country of your partner (the buying partner). Uses only the records you may see;
    a
    facility you may not see is 404. Needs the ``reader`` role; reads of non-public records are audited.

    Args:
        defence (bool | Unset):
        delivery_year (int):
        facility (int):
        fallback (bool | Unset):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Content | Problem]
    """

    kwargs = _get_kwargs(
        defence=defence,
        delivery_year=delivery_year,
        facility=facility,
        fallback=fallback,
        product=product,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    defence: bool | Unset = UNSET,
    delivery_year: int,
    facility: int,
    fallback: bool | Unset = UNSET,
    product: str,
) -> Content | Problem | None:
    """Domestic and allied content of a facility's output, and its verdict against the threshold schedule.

    Domestic means the country of your partner (the buying partner). Uses only the records you may see;
    a
    facility you may not see is 404. Needs the ``reader`` role; reads of non-public records are audited.

    Args:
        defence (bool | Unset):
        delivery_year (int):
        facility (int):
        fallback (bool | Unset):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Content | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            defence=defence,
            delivery_year=delivery_year,
            facility=facility,
            fallback=fallback,
            product=product,
        )
    ).parsed
