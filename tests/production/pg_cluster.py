"""Throw-away PostgreSQL clusters for tests and benchmarks: a primary and a streaming replica.

Runs Debian's server binaries as the `postgres` user (initdb refuses root) in a temporary
folder on free ports, so nothing touches the machine's own server on 5432.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def available() -> str | None:
    """Why clusters cannot be made here, or None when they can."""
    if not (BIN / "initdb").exists():
        return f"PostgreSQL server binaries not found in {BIN}"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "runuser is needed to run PostgreSQL as the postgres user"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(*args: str, check=True):
    command = [str(a) for a in args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)


class Cluster:
    def __init__(self, data: Path, port: int, socket_dir: Path):
        self.data, self.port, self.socket_dir = data, port, socket_dir

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self):
        _run(
            BIN / "pg_ctl",
            "-D",
            self.data,
            "-l",
            self.data / "server.log",
            "-w",
            "-t",
            "60",
            "-o",
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1",
            "start",
        )

    def stop(self, mode: str = "fast"):
        _run(BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", check=False)

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = _run(
            BIN / "psql",
            "-h",
            "127.0.0.1",
            "-p",
            self.port,
            "-U",
            "postgres",
            "-d",
            database,
            "-tAc",
            sql,
        )
        return result.stdout.strip()


@contextlib.contextmanager
def primary_and_replica():
    """Yield (primary, replica): the replica streams from the primary via pg_basebackup."""
    root = Path(tempfile.mkdtemp(prefix="newsroom-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    primary = Cluster(root / "primary", free_port(), root)
    replica = Cluster(root / "replica", free_port(), root)
    try:
        _run(
            BIN / "initdb",
            "-D",
            primary.data,
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        primary.start()
        _run(
            BIN / "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            primary.port,
            "-U",
            "postgres",
            "-D",
            replica.data,
            "-R",
            "-X",
            "stream",
        )
        replica.start()
        yield primary, replica
    finally:
        replica.stop("immediate")
        primary.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


def wait_until(predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@contextlib.contextmanager
def single_cluster():
    """Yield one throw-away cluster (for a benchmark that restarts its database)."""
    root = Path(tempfile.mkdtemp(prefix="newsroom-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    cluster = Cluster(root / "data", free_port(), root)
    try:
        _run(
            BIN / "initdb",
            "-D",
            cluster.data,
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        cluster.start()
        yield cluster
    finally:
        cluster.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)
