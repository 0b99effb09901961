from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.paginated_subscription_list import PaginatedSubscriptionList
from ...models.problem import Problem
from ...models.subscriptions_list_kind import SubscriptionsListKind
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    active: bool | Unset = UNSET,
    cursor: str | Unset = UNSET,
    kind: SubscriptionsListKind | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["active"] = active

    params["cursor"] = cursor

    json_kind: str | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind.value

    params["kind"] = json_kind

    params["ordering"] = ordering

    params["page_size"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/subscriptions/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedSubscriptionList | Problem:
    if response.status_code == 200:
        response_200 = PaginatedSubscriptionList.from_dict(response.json())

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
) -> Response[PaginatedSubscriptionList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    active: bool | Unset = UNSET,
    cursor: str | Unset = UNSET,
    kind: SubscriptionsListKind | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Response[PaginatedSubscriptionList | Problem]:
    """Your partner's subscriptions to changes: the changes feed of one kind (optionally one product or
    country)
    pushed in batches to one of your webhook endpoints, in the feed's order, deletions included; after
    an outage
    it resumes from the last batch your endpoint acknowledged (a 2xx). Others' subscriptions are 404.

    Args:
        active (bool | Unset):
        cursor (str | Unset):
        kind (SubscriptionsListKind | Unset):
        ordering (str | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedSubscriptionList | Problem]
    """

    kwargs = _get_kwargs(
        active=active,
        cursor=cursor,
        kind=kind,
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
    active: bool | Unset = UNSET,
    cursor: str | Unset = UNSET,
    kind: SubscriptionsListKind | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> PaginatedSubscriptionList | Problem | None:
    """Your partner's subscriptions to changes: the changes feed of one kind (optionally one product or
    country)
    pushed in batches to one of your webhook endpoints, in the feed's order, deletions included; after
    an outage
    it resumes from the last batch your endpoint acknowledged (a 2xx). Others' subscriptions are 404.

    Args:
        active (bool | Unset):
        cursor (str | Unset):
        kind (SubscriptionsListKind | Unset):
        ordering (str | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedSubscriptionList | Problem
    """

    return sync_detailed(
        client=client,
        active=active,
        cursor=cursor,
        kind=kind,
        ordering=ordering,
        page_size=page_size,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    active: bool | Unset = UNSET,
    cursor: str | Unset = UNSET,
    kind: SubscriptionsListKind | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Response[PaginatedSubscriptionList | Problem]:
    """Your partner's subscriptions to changes: the changes feed of one kind (optionally one product or
    country)
    pushed in batches to one of your webhook endpoints, in the feed's order, deletions included; after
    an outage
    it resumes from the last batch your endpoint acknowledged (a 2xx). Others' subscriptions are 404.

    Args:
        active (bool | Unset):
        cursor (str | Unset):
        kind (SubscriptionsListKind | Unset):
        ordering (str | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedSubscriptionList | Problem]
    """

    kwargs = _get_kwargs(
        active=active,
        cursor=cursor,
        kind=kind,
        ordering=ordering,
        page_size=page_size,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    active: bool | Unset = UNSET,
    cursor: str | Unset = UNSET,
    kind: SubscriptionsListKind | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> PaginatedSubscriptionList | Problem | None:
    """Your partner's subscriptions to changes: the changes feed of one kind (optionally one product or
    country)
    pushed in batches to one of your webhook endpoints, in the feed's order, deletions included; after
    an outage
    it resumes from the last batch your endpoint acknowledged (a 2xx). Others' subscriptions are 404.

    Args:
        active (bool | Unset):
        cursor (str | Unset):
        kind (SubscriptionsListKind | Unset):
        ordering (str | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedSubscriptionList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            active=active,
            cursor=cursor,
            kind=kind,
            ordering=ordering,
            page_size=page_size,
        )
    ).parsed
