"""The event catalog: one pydantic model per event type, CloudEvents 1.0 envelopes over Kafka."""
