"""The embedded servers `icp dev` starts: a port someone else holds is an error, never shared."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.devstack.broker import EmbeddedBroker
from shared.devstack.postgres import EmbeddedPostgres


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_a_broker_asked_for_a_taken_port_says_so_instead_of_using_whatever_listens(
    taken_port: int, tmp_path: Path,
) -> None:
    broker = EmbeddedBroker(taken_port, log_path=tmp_path / "broker.log")
    try:
        with pytest.raises(RuntimeError, match=f"port {taken_port} is already in use"):
            broker.start()
    finally:
        broker.stop()
    assert broker.pid is None


def test_a_second_dev_stack_on_the_same_data_dir_leaves_the_running_database_alone(
    taken_port: int, tmp_path: Path,
) -> None:
    # The running stack's data directory, as a second `icp dev` finds it: a live server's pid
    # file, which the stale-server check would act on (stopping that server) if it came first.
    data_dir = tmp_path / "pgdata"
    data_dir.mkdir()
    (data_dir / "postmaster.pid").write_text("4242\n")
    second = EmbeddedPostgres(data_dir, taken_port, durable=False)
    with pytest.raises(RuntimeError, match=f"port {taken_port} is already in use"):
        second.start()
    assert [p.name for p in data_dir.iterdir()] == ["postmaster.pid"]
