from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.imports_templates_csv_retrieve_kind import (
    ImportsTemplatesCsvRetrieveKind,
)
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    kind: ImportsTemplatesCsvRetrieveKind,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/imports/templates/{kind}.csv".format(
            kind=quote(str(kind), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | str:
    if response.status_code == 200:
        response_200 = response.text
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
) -> Response[Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    kind: ImportsTemplatesCsvRetrieveKind,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | str]:
    """An empty CSV of a kind: its header row, the columns the API takes (required ones first).

    Args:
        kind (ImportsTemplatesCsvRetrieveKind):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        kind=kind,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    kind: ImportsTemplatesCsvRetrieveKind,
    *,
    client: AuthenticatedClient,
) -> Problem | str | None:
    """An empty CSV of a kind: its header row, the columns the API takes (required ones first).

    Args:
        kind (ImportsTemplatesCsvRetrieveKind):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return sync_detailed(
        kind=kind,
        client=client,
    ).parsed


async def asyncio_detailed(
    kind: ImportsTemplatesCsvRetrieveKind,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | str]:
    """An empty CSV of a kind: its header row, the columns the API takes (required ones first).

    Args:
        kind (ImportsTemplatesCsvRetrieveKind):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        kind=kind,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    kind: ImportsTemplatesCsvRetrieveKind,
    *,
    client: AuthenticatedClient,
) -> Problem | str | None:
    """An empty CSV of a kind: its header row, the columns the API takes (required ones first).

    Args:
        kind (ImportsTemplatesCsvRetrieveKind):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return (
        await asyncio_detailed(
            kind=kind,
            client=client,
        )
    ).parsed
