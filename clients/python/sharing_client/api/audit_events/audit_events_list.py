import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.paginated_audit_event_list import PaginatedAuditEventList
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    action: str | Unset = UNSET,
    actor_partner: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    object_id: str | Unset = UNSET,
    object_type: str | Unset = UNSET,
    occurred_after: datetime.datetime | Unset = UNSET,
    occurred_before: datetime.datetime | Unset = UNSET,
    ordering: str | Unset = UNSET,
    outcome: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["action"] = action

    params["actor_partner"] = actor_partner

    params["cursor"] = cursor

    params["object_id"] = object_id

    params["object_type"] = object_type

    json_occurred_after: str | Unset = UNSET
    if not isinstance(occurred_after, Unset):
        json_occurred_after = occurred_after.isoformat()
    params["occurred_after"] = json_occurred_after

    json_occurred_before: str | Unset = UNSET
    if not isinstance(occurred_before, Unset):
        json_occurred_before = occurred_before.isoformat()
    params["occurred_before"] = json_occurred_before

    params["ordering"] = ordering

    params["outcome"] = outcome

    params["page_size"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/audit-events/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedAuditEventList | Problem:
    if response.status_code == 200:
        response_200 = PaginatedAuditEventList.from_dict(response.json())

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
) -> Response[PaginatedAuditEventList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor_partner: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    object_id: str | Unset = UNSET,
    object_type: str | Unset = UNSET,
    occurred_after: datetime.datetime | Unset = UNSET,
    occurred_before: datetime.datetime | Unset = UNSET,
    ordering: str | Unset = UNSET,
    outcome: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Response[PaginatedAuditEventList | Problem]:
    """The audit trail: a partner sees the events on its own records (who read or changed them); staff all.

    Args:
        action (str | Unset):
        actor_partner (str | Unset):
        cursor (str | Unset):
        object_id (str | Unset):
        object_type (str | Unset):
        occurred_after (datetime.datetime | Unset):
        occurred_before (datetime.datetime | Unset):
        ordering (str | Unset):
        outcome (str | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedAuditEventList | Problem]
    """

    kwargs = _get_kwargs(
        action=action,
        actor_partner=actor_partner,
        cursor=cursor,
        object_id=object_id,
        object_type=object_type,
        occurred_after=occurred_after,
        occurred_before=occurred_before,
        ordering=ordering,
        outcome=outcome,
        page_size=page_size,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor_partner: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    object_id: str | Unset = UNSET,
    object_type: str | Unset = UNSET,
    occurred_after: datetime.datetime | Unset = UNSET,
    occurred_before: datetime.datetime | Unset = UNSET,
    ordering: str | Unset = UNSET,
    outcome: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> PaginatedAuditEventList | Problem | None:
    """The audit trail: a partner sees the events on its own records (who read or changed them); staff all.

    Args:
        action (str | Unset):
        actor_partner (str | Unset):
        cursor (str | Unset):
        object_id (str | Unset):
        object_type (str | Unset):
        occurred_after (datetime.datetime | Unset):
        occurred_before (datetime.datetime | Unset):
        ordering (str | Unset):
        outcome (str | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedAuditEventList | Problem
    """

    return sync_detailed(
        client=client,
        action=action,
        actor_partner=actor_partner,
        cursor=cursor,
        object_id=object_id,
        object_type=object_type,
        occurred_after=occurred_after,
        occurred_before=occurred_before,
        ordering=ordering,
        outcome=outcome,
        page_size=page_size,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor_partner: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    object_id: str | Unset = UNSET,
    object_type: str | Unset = UNSET,
    occurred_after: datetime.datetime | Unset = UNSET,
    occurred_before: datetime.datetime | Unset = UNSET,
    ordering: str | Unset = UNSET,
    outcome: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Response[PaginatedAuditEventList | Problem]:
    """The audit trail: a partner sees the events on its own records (who read or changed them); staff all.

    Args:
        action (str | Unset):
        actor_partner (str | Unset):
        cursor (str | Unset):
        object_id (str | Unset):
        object_type (str | Unset):
        occurred_after (datetime.datetime | Unset):
        occurred_before (datetime.datetime | Unset):
        ordering (str | Unset):
        outcome (str | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedAuditEventList | Problem]
    """

    kwargs = _get_kwargs(
        action=action,
        actor_partner=actor_partner,
        cursor=cursor,
        object_id=object_id,
        object_type=object_type,
        occurred_after=occurred_after,
        occurred_before=occurred_before,
        ordering=ordering,
        outcome=outcome,
        page_size=page_size,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor_partner: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    object_id: str | Unset = UNSET,
    object_type: str | Unset = UNSET,
    occurred_after: datetime.datetime | Unset = UNSET,
    occurred_before: datetime.datetime | Unset = UNSET,
    ordering: str | Unset = UNSET,
    outcome: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> PaginatedAuditEventList | Problem | None:
    """The audit trail: a partner sees the events on its own records (who read or changed them); staff all.

    Args:
        action (str | Unset):
        actor_partner (str | Unset):
        cursor (str | Unset):
        object_id (str | Unset):
        object_type (str | Unset):
        occurred_after (datetime.datetime | Unset):
        occurred_before (datetime.datetime | Unset):
        ordering (str | Unset):
        outcome (str | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedAuditEventList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            action=action,
            actor_partner=actor_partner,
            cursor=cursor,
            object_id=object_id,
            object_type=object_type,
            occurred_after=occurred_after,
            occurred_before=occurred_before,
            ordering=ordering,
            outcome=outcome,
            page_size=page_size,
        )
    ).parsed
