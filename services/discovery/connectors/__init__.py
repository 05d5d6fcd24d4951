"""Platform API connectors that refresh an account's metrics."""
