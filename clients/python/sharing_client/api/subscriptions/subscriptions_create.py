from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.subscription import Subscription
from ...models.subscription_request import SubscriptionRequest
from ...types import Response


def _get_kwargs(
    *,
    body: SubscriptionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/subscriptions/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Subscription:
    if response.status_code == 201:
        response_201 = Subscription.from_dict(response.json())

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
) -> Response[Problem | Subscription]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SubscriptionRequest,
) -> Response[Problem | Subscription]:
    """Your partner's subscriptions to changes: the changes feed of one kind (optionally one product or
    country)
    pushed in batches to one of your webhook endpoints, in the feed's order, deletions included; after
    an outage
    it resumes from the last batch your endpoint acknowledged (a 2xx). Others' subscriptions are 404.

    Args:
        body (SubscriptionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Subscription]
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
    body: SubscriptionRequest,
) -> Problem | Subscription | None:
    """Your partner's subscriptions to changes: the changes feed of one kind (optionally one product or
    country)
    pushed in batches to one of your webhook endpoints, in the feed's order, deletions included; after
    an outage
    it resumes from the last batch your endpoint acknowledged (a 2xx). Others' subscriptions are 404.

    Args:
        body (SubscriptionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Subscription
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SubscriptionRequest,
) -> Response[Problem | Subscription]:
    """Your partner's subscriptions to changes: the changes feed of one kind (optionally one product or
    country)
    pushed in batches to one of your webhook endpoints, in the feed's order, deletions included; after
    an outage
    it resumes from the last batch your endpoint acknowledged (a 2xx). Others' subscriptions are 404.

    Args:
        body (SubscriptionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Subscription]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: SubscriptionRequest,
) -> Problem | Subscription | None:
    """Your partner's subscriptions to changes: the changes feed of one kind (optionally one product or
    country)
    pushed in batches to one of your webhook endpoints, in the feed's order, deletions included; after
    an outage
    it resumes from the last batch your endpoint acknowledged (a 2xx). Others' subscriptions are 404.

    Args:
        body (SubscriptionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Subscription
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
