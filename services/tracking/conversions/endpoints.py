from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from services.tracking.access import ReadAccess, WriteAccess
from services.tracking.conversions import service
from services.tracking.conversions.schemas import (
    ConversionPage,
    ConversionRead,
    OrderCreate,
    ReversalCreate,
    WebhookResult,
)
from services.tracking.domain.orders import OrderFacts
from shared.http.app import SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/conversions", tags=["conversions"], responses=PROBLEM_RESPONSES)
_ATTRIBUTION = """Attributed by its click id or promo code under the campaign's rule (default:
last touch within 30 days, a creator's promo code beats a link; `GET /v1/campaigns/{id}/attribution-rule`),
once per order id: sending the order again answers 200 with the conversion recorded first. The
amount is converted into the campaign currency at the rate of the order's day (rate and date
kept); the commission is what the collaboration's CPA or commission contract earns on it.
Problems: an unknown promo code (`unknown-promo-code`), nothing that may be attributed, with the
reasons (`not-attributed`), no exchange rate (`no-exchange-rate`), a campaign whose currency is
not known yet (409 `campaign-currency-unknown`)."""


def order_of(body: OrderCreate) -> OrderFacts:
    return OrderFacts(body.order_id, body.amount_minor, body.currency, body.ordered_at, body.click_id,
                      (body.promo_code,) if body.promo_code else ())


@router.post("", status_code=201, response_model=ConversionRead, description=_ATTRIBUTION,
             summary="Record an order", responses={200: {"model": ConversionRead,
                                                        "description": "The order was recorded before"}})
async def create_conversion(body: OrderCreate, session: SessionDep, principal: WriteAccess) -> JSONResponse:
    recorded = await service.attribute(session, principal.workspace_id, order_of(body), "api")
    return JSONResponse(ConversionRead.model_validate(recorded.conversion).model_dump(mode="json"),
                        status_code=201 if recorded.created else 200)


@router.get("", response_model=ConversionPage, summary="List conversions")
async def list_conversions(
    session: SessionDep, principal: ReadAccess, page: Annotated[PageParams, Depends(page_params)],
    campaign_id: Annotated[uuid.UUID | None, Query()] = None,
    collaboration_id: Annotated[uuid.UUID | None, Query()] = None,
) -> ConversionPage:
    rows = await service.list_page(session, principal.workspace_id, campaign_id, collaboration_id,
                                   uuid_after(page), page.limit)
    return make_page([ConversionRead.model_validate(r) for r in rows], page.limit, lambda c: [c.id])


@router.get("/{conversion_id}", response_model=ConversionRead, summary="Get a conversion")
async def get_conversion(conversion_id: uuid.UUID, session: SessionDep, principal: ReadAccess
                         ) -> ConversionRead:
    return ConversionRead.model_validate(await service.get_or_raise(session, principal.workspace_id,
                                                                    conversion_id))


@router.post("/{conversion_id}/reversals", response_model=WebhookResult, summary="Refund or cancel")
async def reverse_conversion(conversion_id: uuid.UUID, body: ReversalCreate, session: SessionDep,
                             principal: WriteAccess) -> WebhookResult:
    """A refund reverses its amount (all that is left when none is given) once per
    `reversal_id`; a cancellation reverses all that is left. The revenue and commission reversed
    are the same share of the order's, at the order's rate. Emits `ConversionReversed`."""
    conversion = await service.get_or_raise(session, principal.workspace_id, conversion_id, for_update=True)
    done = await service.reverse(session, principal.workspace_id, conversion, body.reason, body.reversal_id,
                                 body.amount_minor, body.currency, body.reversed_at)
    return WebhookResult(result=done.what, conversion=ConversionRead.model_validate(done.conversion))
