"""The embedded servers `icp dev` starts: a port someone else holds is an error, never shared."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from shared.devstack.broker import EmbeddedBroker
from shared.devstack.postgres import EmbeddedPostgres
from shared.devstack.processes import free_port, port_open


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
    tmp_path: Path,
) -> None:
    data_dir, port = tmp_path / "pgdata", free_port()
    running = EmbeddedPostgres(data_dir, port, durable=False, shared_buffers="32MB")
    running.start()
    try:
        postmaster = _postmaster_pid(data_dir)
        second = EmbeddedPostgres(data_dir, port, durable=False, shared_buffers="32MB")
        with pytest.raises(RuntimeError, match=f"port {port} is already in use"):
            second.start()
        assert psutil.pid_exists(postmaster) and _postmaster_pid(data_dir) == postmaster
        assert port_open(port)
    finally:
        running.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def _postmaster_pid(data_dir: Path) -> int:
    return int((data_dir / "postmaster.pid").read_text().split()[0])
