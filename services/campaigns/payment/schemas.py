from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.codes import CurrencyCode
from shared.http.pagination import Page

PaymentStatus = Literal["scheduled", "pending", "paid", "failed", "cancelled"]
InstallmentTrigger = Literal["on_signing", "on_publish", "on_completion", "on_date"]


class PaymentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"amount_minor": 60000, "currency": "USD", "status": "paid", "method": "bank_transfer",
         "paid_at": "2027-04-26T10:00:00Z", "reference": "INV-2027-0042"},
        {"amount_minor": 60000, "currency": "USD", "status": "scheduled", "due_on": "2027-05-25"},
    ]})

    amount_minor: int = Field(ge=1, le=10**13)
    currency: CurrencyCode = Field(description="The contract's currency")
    status: PaymentStatus
    method: str | None = Field(default=None, min_length=1, max_length=40,
                               description="bank_transfer, paypal, card, …")
    due_on: date | None = None
    paid_at: AwareDatetime | None = Field(default=None, description="For status paid; now when "
                                          "left out")
    deliverable_id: uuid.UUID | None = Field(default=None, description="The piece it pays, if one")
    reference: str | None = Field(default=None, max_length=200)


class PaymentUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"status": "paid", "paid_at": "2027-05-25T09:00:00Z", "method": "bank_transfer"},
        {"status": "scheduled", "due_on": "2027-06-15"}]})

    status: PaymentStatus = Field(description="scheduled → pending → paid; failed and cancelled "
                                  "on the way; paid and cancelled are final")
    due_on: date | None = Field(default=None, description="A new due date (a date agreed with the "
                                "creator; it also dates an installment still waiting for its "
                                "trigger, which then no longer dates it); left out or null keeps "
                                "it. Not for a payment paid or cancelled (`payment-settled`, 409)")
    method: str | None = Field(default=None, min_length=1, max_length=40)
    paid_at: AwareDatetime | None = None
    reference: str | None = Field(default=None, max_length=200)


class PaymentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "0190f5a2-8000-7000-8000-0000000000e1",
        "contract_id": "0190f5a2-8000-7000-8000-0000000000c1",
        "collaboration_id": "0190f5a2-8000-7000-8000-000000000001",
        "deliverable_id": None, "amount_minor": 60000, "currency": "USD", "status": "paid",
        "method": "bank_transfer", "due_on": "2027-04-25", "installment": 1,
        "trigger": "on_signing", "paid_at": "2027-04-26T10:00:00Z",
        "reference": "INV-2027-0042", "recorded_at": "2027-04-26T10:00:01Z"}]})

    id: uuid.UUID
    contract_id: uuid.UUID
    collaboration_id: uuid.UUID
    deliverable_id: uuid.UUID | None
    amount_minor: int
    currency: str
    status: PaymentStatus
    method: str | None
    due_on: date | None = Field(description="When it is due; null for an installment still "
                                "waiting for its trigger (a publication, the completion)")
    installment: int | None = Field(description="Its place in the contract's payment schedule "
                                    "(1, 2, …); null for a payment recorded by hand")
    trigger: InstallmentTrigger | None = Field(description="The installment's trigger; on_publish "
                                               "and on_completion ones get their due date when it "
                                               "happens")
    paid_at: datetime | None
    reference: str | None
    recorded_at: datetime


PaymentPage = Page[PaymentRead]
