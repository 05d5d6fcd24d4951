"""Negotiation: offers and counter-offers, each a new version of the terms; accepting the open
one draws up the contract draft."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.collaboration import moves
from services.campaigns.collaboration import service as collaborations
from services.campaigns.collaboration.stages import FINAL, Stage
from services.campaigns.contract import service as contracts
from services.campaigns.contract.repository import ContractRepository
from services.campaigns.models import Contract, Offer
from services.campaigns.offer.repository import OfferRepository
from services.campaigns.offer.schemas import OfferCreate, OfferTerms
from shared.http.problems import ProblemError, not_found


async def make(session: AsyncSession, workspace_id: uuid.UUID, collaboration_id: uuid.UUID,
               data: OfferCreate, actor: str) -> Offer:
    """A new version of the terms. It supersedes the open offer and an unsigned contract draft;
    after signing the terms are settled (409). The first offer takes the collaboration to
    negotiating."""
    collaboration = await moves.locked_or_raise(session, workspace_id, collaboration_id)
    live = await ContractRepository(session).live(workspace_id, collaboration_id)
    if live is not None and live.status == "signed":
        raise contract_signed(live)
    await moves.advance(session, collaboration, Stage.NEGOTIATING, reason="offer made", actor=actor)
    now = datetime.now(UTC)
    repository = OfferRepository(session)
    await repository.supersede_open(workspace_id, collaboration_id, now)
    if live is not None:
        await ContractRepository(session).supersede_draft(workspace_id, live.id, now)
    offer = Offer(
        workspace_id=workspace_id, collaboration_id=collaboration_id,
        campaign_id=collaboration.campaign_id,
        version=await repository.newest_version(workspace_id, collaboration_id) + 1,
        made_by=data.made_by, status="open", terms=data.terms.model_dump(mode="json"),
        message=data.message, actor=actor, created_at=now)
    await repository.add(offer)
    return offer


async def accept(session: AsyncSession, workspace_id: uuid.UUID, offer_id: uuid.UUID,
                 actor: str) -> Contract:
    """The open offer accepted: its terms become the collaboration's contract draft."""
    offer = await get_or_raise(session, workspace_id, offer_id)
    collaboration = await moves.locked_or_raise(session, workspace_id, offer.collaboration_id)
    await session.refresh(offer)  # as it stands now the collaboration is locked
    if offer.status != "open":
        raise ProblemError(409, "Offer not open", f"offer version {offer.version} is "
                           f"{offer.status}; only the open (newest) offer can be accepted",
                           "offer-not-open", extensions={"offer_status": offer.status})
    if Stage(collaboration.stage) in FINAL:
        raise ProblemError(409, "Collaboration ended", f"the collaboration is "
                           f"{collaboration.stage}; no contract is drawn up", "collaboration-ended",
                           extensions={"stage": collaboration.stage})
    live = await ContractRepository(session).live(workspace_id, offer.collaboration_id)
    if live is not None and live.status == "signed":
        raise contract_signed(live)
    now = datetime.now(UTC)
    offer.status, offer.decided_at = "accepted", now
    return await contracts.draw_up(session, collaboration, offer.id,
                                   OfferTerms.model_validate(offer.terms), now)


def contract_signed(contract: Contract) -> ProblemError:
    return ProblemError(409, "Contract already signed", "the collaboration's contract is signed; "
                        "its terms are no longer negotiable", "contract-signed",
                        extensions={"contract_id": str(contract.id)})


async def get_or_raise(session: AsyncSession, workspace_id: uuid.UUID, offer_id: uuid.UUID) -> Offer:
    offer = await OfferRepository(session).get(workspace_id, offer_id)
    if offer is None:
        raise not_found("offer")
    return offer


async def for_collaboration(
    session: AsyncSession, workspace_id: uuid.UUID, collaboration_id: uuid.UUID,
    after: int | None, limit: int,
) -> Sequence[Offer]:
    await collaborations.get_or_raise(session, workspace_id, collaboration_id)
    return await OfferRepository(session).for_collaboration(workspace_id, collaboration_id, after,
                                                            limit + 1)
