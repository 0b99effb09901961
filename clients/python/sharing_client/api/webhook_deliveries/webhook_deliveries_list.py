from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.paginated_webhook_delivery_list import PaginatedWebhookDeliveryList
from ...models.problem import Problem
from ...models.webhook_deliveries_list_status import WebhookDeliveriesListStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cursor: str | Unset = UNSET,
    endpoint: int | Unset = UNSET,
    event: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: WebhookDeliveriesListStatus | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    params["endpoint"] = endpoint

    params["event"] = event

    params["ordering"] = ordering

    params["page_size"] = page_size

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/webhook-deliveries/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedWebhookDeliveryList | Problem:
    if response.status_code == 200:
        response_200 = PaginatedWebhookDeliveryList.from_dict(response.json())

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
) -> Response[PaginatedWebhookDeliveryList | Problem]:
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
    endpoint: int | Unset = UNSET,
    event: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: WebhookDeliveriesListStatus | Unset = UNSET,
) -> Response[PaginatedWebhookDeliveryList | Problem]:
    """The delivery log of your endpoints, with every attempt; redeliver sends one again.

    Args:
        cursor (str | Unset):
        endpoint (int | Unset):
        event (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        status (WebhookDeliveriesListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedWebhookDeliveryList | Problem]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        endpoint=endpoint,
        event=event,
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
    endpoint: int | Unset = UNSET,
    event: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: WebhookDeliveriesListStatus | Unset = UNSET,
) -> PaginatedWebhookDeliveryList | Problem | None:
    """The delivery log of your endpoints, with every attempt; redeliver sends one again.

    Args:
        cursor (str | Unset):
        endpoint (int | Unset):
        event (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        status (WebhookDeliveriesListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedWebhookDeliveryList | Problem
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
        endpoint=endpoint,
        event=event,
        ordering=ordering,
        page_size=page_size,
        status=status,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    endpoint: int | Unset = UNSET,
    event: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: WebhookDeliveriesListStatus | Unset = UNSET,
) -> Response[PaginatedWebhookDeliveryList | Problem]:
    """The delivery log of your endpoints, with every attempt; redeliver sends one again.

    Args:
        cursor (str | Unset):
        endpoint (int | Unset):
        event (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        status (WebhookDeliveriesListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedWebhookDeliveryList | Problem]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        endpoint=endpoint,
        event=event,
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
    endpoint: int | Unset = UNSET,
    event: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: WebhookDeliveriesListStatus | Unset = UNSET,
) -> PaginatedWebhookDeliveryList | Problem | None:
    """The delivery log of your endpoints, with every attempt; redeliver sends one again.

    Args:
        cursor (str | Unset):
        endpoint (int | Unset):
        event (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        status (WebhookDeliveriesListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedWebhookDeliveryList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
            endpoint=endpoint,
            event=event,
            ordering=ordering,
            page_size=page_size,
            status=status,
        )
    ).parsed
