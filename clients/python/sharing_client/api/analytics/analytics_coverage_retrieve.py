from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.coverage import Coverage
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    partner: str | Unset = UNSET,
    product: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["partner"] = partner

    params["product"] = product

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/analytics/coverage/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Coverage | Problem:
    if response.status_code == 200:
        response_200 = Coverage.from_dict(response.json())

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
) -> Response[Coverage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    partner: str | Unset = UNSET,
    product: str,
) -> Response[Coverage | Problem]:
    """Months of demand a partner's (or the alliance's) stockpiles cover, total and releasable, against
    total and
    critical demand; spare and releasable capacity as a share of a month's demand. Under disclosure
    control: a
    withheld figure says ``"suppressed": true``.

    Args:
        partner (str | Unset):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Coverage | Problem]
    """

    kwargs = _get_kwargs(
        partner=partner,
        product=product,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    partner: str | Unset = UNSET,
    product: str,
) -> Coverage | Problem | None:
    """Months of demand a partner's (or the alliance's) stockpiles cover, total and releasable, against
    total and
    critical demand; spare and releasable capacity as a share of a month's demand. Under disclosure
    control: a
    withheld figure says ``"suppressed": true``.

    Args:
        partner (str | Unset):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Coverage | Problem
    """

    return sync_detailed(
        client=client,
        partner=partner,
        product=product,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    partner: str | Unset = UNSET,
    product: str,
) -> Response[Coverage | Problem]:
    """Months of demand a partner's (or the alliance's) stockpiles cover, total and releasable, against
    total and
    critical demand; spare and releasable capacity as a share of a month's demand. Under disclosure
    control: a
    withheld figure says ``"suppressed": true``.

    Args:
        partner (str | Unset):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Coverage | Problem]
    """

    kwargs = _get_kwargs(
        partner=partner,
        product=product,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    partner: str | Unset = UNSET,
    product: str,
) -> Coverage | Problem | None:
    """Months of demand a partner's (or the alliance's) stockpiles cover, total and releasable, against
    total and
    critical demand; spare and releasable capacity as a share of a month's demand. Under disclosure
    control: a
    withheld figure says ``"suppressed": true``.

    Args:
        partner (str | Unset):
        product (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Coverage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            partner=partner,
            product=product,
        )
    ).parsed
