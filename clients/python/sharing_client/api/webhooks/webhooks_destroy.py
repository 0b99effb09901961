from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/webhooks/{id}/".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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
) -> Response[Any | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Problem]:
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
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: int,
    *,
    client: AuthenticatedClient,
) -> Any | Problem | None:
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
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
    ).parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Problem]:
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
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,
) -> Any | Problem | None:
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
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
        )
    ).parsed
