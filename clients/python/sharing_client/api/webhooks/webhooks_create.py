from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.webhook_endpoint_created import WebhookEndpointCreated
from ...models.webhook_endpoint_request import WebhookEndpointRequest
from ...types import Response


def _get_kwargs(
    *,
    body: WebhookEndpointRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/webhooks/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WebhookEndpointCreated:
    if response.status_code == 201:
        response_201 = WebhookEndpointCreated.from_dict(response.json())

        return response_201

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
) -> Response[Problem | WebhookEndpointCreated]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointRequest,
) -> Response[Problem | WebhookEndpointCreated]:
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
        body (WebhookEndpointRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookEndpointCreated]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointRequest,
) -> Problem | WebhookEndpointCreated | None:
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
        body (WebhookEndpointRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookEndpointCreated
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointRequest,
) -> Response[Problem | WebhookEndpointCreated]:
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
        body (WebhookEndpointRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookEndpointCreated]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointRequest,
) -> Problem | WebhookEndpointCreated | None:
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
        body (WebhookEndpointRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookEndpointCreated
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
