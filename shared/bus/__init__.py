"""The Kafka bus: producer and topic set-up, transactional outbox and relay, consumers, DLQ."""
