"""Database plumbing shared by the services: engine, sessions, metadata, repositories, migrations."""
