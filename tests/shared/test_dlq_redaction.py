"""Dead-letter headers carry why a message failed, never the customer data it failed on."""

from __future__ import annotations

import uuid

import pytest
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine

from shared.bus.dlq import redact

PERSONAL = ("ana.lima@example.com", "+49 151 2345 6789", "Ana Lima", "203.0.113.7")


async def test_sql_parameters_and_postgres_details_of_a_real_error_are_redacted(database_url: str) -> None:
    engine = create_async_engine(database_url)
    table = f"dlq_probe_{uuid.uuid4().hex[:8]}"
    try:
        async with engine.begin() as conn:
            await conn.execute(text(f"CREATE TEMP TABLE {table} (email text UNIQUE, name text, phone text)"))
            row = {"email": PERSONAL[0], "name": PERSONAL[2], "phone": PERSONAL[1]}
            insert = text(f"INSERT INTO {table} VALUES (:email, :name, :phone)")
            await conn.execute(insert, row)
            with pytest.raises(DBAPIError) as duplicate:
                await conn.execute(insert, row)
    finally:
        await engine.dispose()
    message = str(duplicate.value)
    assert PERSONAL[0] in message and "[parameters:" in message  # what would have leaked
    cleaned = redact(message)
    assert all(value not in cleaned for value in PERSONAL), cleaned
    assert "UniqueViolationError" in cleaned and "[parameters: ***]" in cleaned
    assert f"{table}_email_key" in cleaned  # the constraint stays: it tells what went wrong


def test_validation_input_values_are_redacted_but_the_fields_and_reasons_stay() -> None:
    class Contact(BaseModel):
        email: str = Field(max_length=10)
        followers: int

    with pytest.raises(ValidationError) as invalid:
        Contact.model_validate({"email": "ana.lima@example", "followers": "Ana Lima"})
    cleaned = redact(str(invalid.value))
    assert "ana.lima@example" not in cleaned and "Ana Lima" not in cleaned
    assert "email" in cleaned and "followers" in cleaned and "input_value=***" in cleaned


@pytest.mark.parametrize(("message", "leak"), [
    ("connect failed: postgresql://icp:s3cret@db:5432/icp", "s3cret"),
    ("upstream said 401 for Authorization: Bearer abc.def.ghi", "abc.def.ghi"),
    ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig leaked", "eyJzdWIiOiIxIn0"),
    ("password=hunter2 api_key: k-123", "hunter2"),
    ("no creator for ana.lima@example.com", "ana.lima@example.com"),
    ("call +49 151 2345 6789 before", "2345 6789"),
    ("click from 203.0.113.7 refused", "203.0.113.7"),
    ("click from 2001:0db8:0000:0000:0000:ff00:0042:8329 refused", "ff00:0042"),
    ("WHERE email = 'ana@x.io' AND name = 'O''Brien'", "O''Brien"),
    ("DETAIL:  Key (handle)=(ana_lima) already exists.", "ana_lima"),
    ('Failing row contains (42, Ana Lima, null).', "Ana Lima"),
])
def test_secrets_and_personal_data_anywhere_in_a_message_are_redacted(message: str, leak: str) -> None:
    assert leak not in redact(message)


def test_ids_and_numbers_that_help_debugging_are_kept_and_the_message_is_bounded() -> None:
    event = "0190f2c4-9a7b-7c3d-8e4f-123456789abc"
    assert redact(f"unknown campaign {event} at offset 1234567") == (
        f"unknown campaign {event} at offset 1234567")
    assert len(redact("x" * 5000)) == 500
