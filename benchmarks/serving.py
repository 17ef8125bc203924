"""The servers ``http_reads.py`` starts, and the CPU their processes use (from /proc).

``serve`` is ``scripts/serve``, as ``./run`` serves (granian; its processes and threads follow
``JUZHU_WORKERS`` and ``JUZHU_THREADS``); the others are the candidates measured for
docs/deploy.md (gunicorn after ``.venv/bin/pip install gunicorn``).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv" / "bin"
# Candidate servers (the gunicorn ones need `pip install gunicorn` in .venv; docs/deploy.md).
SERVERS = {
    "serve": lambda bind: [str(ROOT / "scripts" / "serve")],
    "waitress": lambda bind: [
        str(VENV / "waitress-serve"),
        f"--listen={bind}",
        "--threads=4",  # ./run's server until issue 9 chose granian (1 process × 4 threads)
        "juzhu.wsgi:application",
    ],
    "gunicorn-sync": lambda bind: [str(VENV / "gunicorn"), "-b", bind, "-w", "4", "juzhu.wsgi:application"],
    "gunicorn-gthread": lambda bind: [
        *(str(VENV / "gunicorn"), "-b", bind, "-w", "2", "-k", "gthread", "--threads", "8"),
        "juzhu.wsgi:application",
    ],
}


TICK = os.sysconf("SC_CLK_TCK")


def process_tree_cpu(root: int) -> float:
    """CPU seconds (user + system) of ``root`` and every process below it, from /proc."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICK
    tree, found = {root}, True
    while found:
        below = {pid for pid, parent in parents.items() if parent in tree} - tree
        found = bool(below)
        tree |= below
    return sum(times.get(pid, 0.0) for pid in tree)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(kind: str, port: int, log: Path) -> subprocess.Popen:
    environment = dict(os.environ, JUZHU_HOST="127.0.0.1", JUZHU_PORT=str(port), JUZHU_LOG_LEVEL="WARNING")
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603 (our own server command, from SERVERS)
            SERVERS[kind](f"127.0.0.1:{port}"),
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 60
    while True:
        if server.poll() is not None:
            raise SystemExit(f"server exited:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            if time.monotonic() > deadline:
                stop_server(server)
                raise SystemExit(f"server did not start:\n{log.read_text()}") from None
            time.sleep(0.2)


def stop_server(server: subprocess.Popen) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
