from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.paginated_webhook_endpoint_list import PaginatedWebhookEndpointList
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cursor: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    params["ordering"] = ordering

    params["page_size"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/webhooks/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedWebhookEndpointList | Problem:
    if response.status_code == 200:
        response_200 = PaginatedWebhookEndpointList.from_dict(response.json())

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
) -> Response[PaginatedWebhookEndpointList | Problem]:
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
) -> Response[PaginatedWebhookEndpointList | Problem]:
    """Your partner's webhook endpoints. Deliveries follow Standard Webhooks (webhook-id, webhook-
    timestamp,
    webhook-signature), signed with a secret the service makes and shows once: on registration and on
    rotation.

    Registering needs a role that receives the events asked for (offer.proposed: responder;
    offer.accepted,
    offer.declined, request.status_changed, match_run.finished: coordinator; offer.expired: either;
    waiver.posted:
    responder or publisher); an endpoint with no events (for subscriptions to changes only) needs a
    reader's or
    publisher's role. The URL must lead to globally routable addresses only; it is checked again at
    every
    delivery, and redirects are not followed.

    Args:
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedWebhookEndpointList | Problem]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        ordering=ordering,
        page_size=page_size,
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
) -> PaginatedWebhookEndpointList | Problem | None:
    """Your partner's webhook endpoints. Deliveries follow Standard Webhooks (webhook-id, webhook-
    timestamp,
    webhook-signature), signed with a secret the service makes and shows once: on registration and on
    rotation.

    Registering needs a role that receives the events asked for (offer.proposed: responder;
    offer.accepted,
    offer.declined, request.status_changed, match_run.finished: coordinator; offer.expired: either;
    waiver.posted:
    responder or publisher); an endpoint with no events (for subscriptions to changes only) needs a
    reader's or
    publisher's role. The URL must lead to globally routable addresses only; it is checked again at
    every
    delivery, and redirects are not followed.

    Args:
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedWebhookEndpointList | Problem
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
        ordering=ordering,
        page_size=page_size,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Response[PaginatedWebhookEndpointList | Problem]:
    """Your partner's webhook endpoints. Deliveries follow Standard Webhooks (webhook-id, webhook-
    timestamp,
    webhook-signature), signed with a secret the service makes and shows once: on registration and on
    rotation.

    Registering needs a role that receives the events asked for (offer.proposed: responder;
    offer.accepted,
    offer.declined, request.status_changed, match_run.finished: coordinator; offer.expired: either;
    waiver.posted:
    responder or publisher); an endpoint with no events (for subscriptions to changes only) needs a
    reader's or
    publisher's role. The URL must lead to globally routable addresses only; it is checked again at
    every
    delivery, and redirects are not followed.

    Args:
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedWebhookEndpointList | Problem]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        ordering=ordering,
        page_size=page_size,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> PaginatedWebhookEndpointList | Problem | None:
    """Your partner's webhook endpoints. Deliveries follow Standard Webhooks (webhook-id, webhook-
    timestamp,
    webhook-signature), signed with a secret the service makes and shows once: on registration and on
    rotation.

    Registering needs a role that receives the events asked for (offer.proposed: responder;
    offer.accepted,
    offer.declined, request.status_changed, match_run.finished: coordinator; offer.expired: either;
    waiver.posted:
    responder or publisher); an endpoint with no events (for subscriptions to changes only) needs a
    reader's or
    publisher's role. The URL must lead to globally routable addresses only; it is checked again at
    every
    delivery, and redirects are not followed.

    Args:
        cursor (str | Unset):
        ordering (str | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedWebhookEndpointList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
            ordering=ordering,
            page_size=page_size,
        )
    ).parsed
