"""HTTP helpers shared by the services: problems, auth, pagination, idempotency, health."""
