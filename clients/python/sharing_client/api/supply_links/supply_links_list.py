import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.paginated_supply_link_output_list import PaginatedSupplyLinkOutputList
from ...models.problem import Problem
from ...models.supply_links_list_format import SupplyLinksListFormat
from ...models.supply_links_list_marking_item import SupplyLinksListMarkingItem
from ...models.supply_links_list_sector_item import SupplyLinksListSectorItem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    buyer: float | Unset = UNSET,
    buyer_country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: SupplyLinksListFormat | Unset = UNSET,
    marking: list[SupplyLinksListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: list[SupplyLinksListSectorItem] | Unset = UNSET,
    supplier: float | Unset = UNSET,
    supplier_country: list[str] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["buyer"] = buyer

    json_buyer_country: list[str] | Unset = UNSET
    if not isinstance(buyer_country, Unset):
        json_buyer_country = buyer_country

    params["buyer_country"] = json_buyer_country

    params["cursor"] = cursor

    params["external_id"] = external_id

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    json_marking: list[str] | Unset = UNSET
    if not isinstance(marking, Unset):
        json_marking = []
        for marking_item_data in marking:
            marking_item = marking_item_data.value
            json_marking.append(marking_item)

    params["marking"] = json_marking

    params["ordering"] = ordering

    params["page_size"] = page_size

    json_partner: list[str] | Unset = UNSET
    if not isinstance(partner, Unset):
        json_partner = partner

    params["partner"] = json_partner

    json_product: list[str] | Unset = UNSET
    if not isinstance(product, Unset):
        json_product = product

    params["product"] = json_product

    json_sector: list[str] | Unset = UNSET
    if not isinstance(sector, Unset):
        json_sector = []
        for sector_item_data in sector:
            sector_item = sector_item_data.value
            json_sector.append(sector_item)

    params["sector"] = json_sector

    params["supplier"] = supplier

    json_supplier_country: list[str] | Unset = UNSET
    if not isinstance(supplier_country, Unset):
        json_supplier_country = supplier_country

    params["supplier_country"] = json_supplier_country

    json_updated_after: str | Unset = UNSET
    if not isinstance(updated_after, Unset):
        json_updated_after = updated_after.isoformat()
    params["updated_after"] = json_updated_after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/supply-links/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedSupplyLinkOutputList | Problem:
    if response.status_code == 200:
        response_200 = PaginatedSupplyLinkOutputList.from_dict(response.json())

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
) -> Response[PaginatedSupplyLinkOutputList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    buyer: float | Unset = UNSET,
    buyer_country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: SupplyLinksListFormat | Unset = UNSET,
    marking: list[SupplyLinksListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: list[SupplyLinksListSectorItem] | Unset = UNSET,
    supplier: float | Unset = UNSET,
    supplier_country: list[str] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Response[PaginatedSupplyLinkOutputList | Problem]:
    """Supplier facility to buyer facility for a product, with volume per month.

    Args:
        buyer (float | Unset):
        buyer_country (list[str] | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        format_ (SupplyLinksListFormat | Unset):
        marking (list[SupplyLinksListMarkingItem] | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        product (list[str] | Unset):
        sector (list[SupplyLinksListSectorItem] | Unset):
        supplier (float | Unset):
        supplier_country (list[str] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedSupplyLinkOutputList | Problem]
    """

    kwargs = _get_kwargs(
        buyer=buyer,
        buyer_country=buyer_country,
        cursor=cursor,
        external_id=external_id,
        format_=format_,
        marking=marking,
        ordering=ordering,
        page_size=page_size,
        partner=partner,
        product=product,
        sector=sector,
        supplier=supplier,
        supplier_country=supplier_country,
        updated_after=updated_after,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    buyer: float | Unset = UNSET,
    buyer_country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: SupplyLinksListFormat | Unset = UNSET,
    marking: list[SupplyLinksListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: list[SupplyLinksListSectorItem] | Unset = UNSET,
    supplier: float | Unset = UNSET,
    supplier_country: list[str] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> PaginatedSupplyLinkOutputList | Problem | None:
    """Supplier facility to buyer facility for a product, with volume per month.

    Args:
        buyer (float | Unset):
        buyer_country (list[str] | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        format_ (SupplyLinksListFormat | Unset):
        marking (list[SupplyLinksListMarkingItem] | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        product (list[str] | Unset):
        sector (list[SupplyLinksListSectorItem] | Unset):
        supplier (float | Unset):
        supplier_country (list[str] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedSupplyLinkOutputList | Problem
    """

    return sync_detailed(
        client=client,
        buyer=buyer,
        buyer_country=buyer_country,
        cursor=cursor,
        external_id=external_id,
        format_=format_,
        marking=marking,
        ordering=ordering,
        page_size=page_size,
        partner=partner,
        product=product,
        sector=sector,
        supplier=supplier,
        supplier_country=supplier_country,
        updated_after=updated_after,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    buyer: float | Unset = UNSET,
    buyer_country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: SupplyLinksListFormat | Unset = UNSET,
    marking: list[SupplyLinksListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: list[SupplyLinksListSectorItem] | Unset = UNSET,
    supplier: float | Unset = UNSET,
    supplier_country: list[str] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Response[PaginatedSupplyLinkOutputList | Problem]:
    """Supplier facility to buyer facility for a product, with volume per month.

    Args:
        buyer (float | Unset):
        buyer_country (list[str] | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        format_ (SupplyLinksListFormat | Unset):
        marking (list[SupplyLinksListMarkingItem] | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        product (list[str] | Unset):
        sector (list[SupplyLinksListSectorItem] | Unset):
        supplier (float | Unset):
        supplier_country (list[str] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedSupplyLinkOutputList | Problem]
    """

    kwargs = _get_kwargs(
        buyer=buyer,
        buyer_country=buyer_country,
        cursor=cursor,
        external_id=external_id,
        format_=format_,
        marking=marking,
        ordering=ordering,
        page_size=page_size,
        partner=partner,
        product=product,
        sector=sector,
        supplier=supplier,
        supplier_country=supplier_country,
        updated_after=updated_after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    buyer: float | Unset = UNSET,
    buyer_country: list[str] | Unset = UNSET,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    format_: SupplyLinksListFormat | Unset = UNSET,
    marking: list[SupplyLinksListMarkingItem] | Unset = UNSET,
    ordering: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    partner: list[str] | Unset = UNSET,
    product: list[str] | Unset = UNSET,
    sector: list[SupplyLinksListSectorItem] | Unset = UNSET,
    supplier: float | Unset = UNSET,
    supplier_country: list[str] | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> PaginatedSupplyLinkOutputList | Problem | None:
    """Supplier facility to buyer facility for a product, with volume per month.

    Args:
        buyer (float | Unset):
        buyer_country (list[str] | Unset):
        cursor (str | Unset):
        external_id (str | Unset):
        format_ (SupplyLinksListFormat | Unset):
        marking (list[SupplyLinksListMarkingItem] | Unset):
        ordering (str | Unset):
        page_size (int | Unset):
        partner (list[str] | Unset):
        product (list[str] | Unset):
        sector (list[SupplyLinksListSectorItem] | Unset):
        supplier (float | Unset):
        supplier_country (list[str] | Unset):
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedSupplyLinkOutputList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            buyer=buyer,
            buyer_country=buyer_country,
            cursor=cursor,
            external_id=external_id,
            format_=format_,
            marking=marking,
            ordering=ordering,
            page_size=page_size,
            partner=partner,
            product=product,
            sector=sector,
            supplier=supplier,
            supplier_country=supplier_country,
            updated_after=updated_after,
        )
    ).parsed
