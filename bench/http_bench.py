"""POST /api/match under gunicorn: latency and errors with concurrent clients on loopback.

    python bench/http_bench.py [--services 100000] [--workers 4] [--clients 16]
                               [--seconds 30] [--json]

Generates a directory of N services (bench/directory.py) into a temporary SQLite file,
starts ``gunicorn -w WORKERS resource_directory.wsgi:app`` on a free loopback port (each
worker builds its index as it starts), waits until every worker answers, then runs CLIENTS
threads, each posting the match requests of intake-like clients back to back for SECONDS
(DISTINCT different clients, cycled: each process remembers the details of listings it has
shown until the next import, so fewer distinct clients would flatter the figures).
Prints requests, errors (non-200 or failed connections), throughput and p50/p95/max.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentiles, report  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--distinct", type=int, default=5000, help="different client requests, cycled through"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report(run(args), args.json)


def run(args) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/http.db"
        started = time.perf_counter()
        generate(url, args.services, folder)
        generated = time.perf_counter() - started
        port = free_port()
        server = start_gunicorn(url, port, args.workers, folder)
        try:
            ready = wait_until_ready(port, server)
            samples, errors = load(
                port, args.clients, args.seconds, requests(args.distinct, args.services)
            )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    return {
        "services": args.services,
        "workers": args.workers,
        "clients": args.clients,
        "seconds": args.seconds,
        "distinct_requests": args.distinct,
        "generate_s": round(generated, 1),
        "workers_ready_s": round(ready, 1),
        "requests": len(samples) + errors,
        "errors": errors,
        "requests_per_s": round(len(samples) / args.seconds, 1),
        **percentiles(samples or [0.0]),
    }


def generate(url: str, services: int, folder: str) -> None:
    from bench.directory import generate_directory
    from resource_directory.app import create_app
    from resource_directory.db import db
    from resource_directory.schema import upgrade_database

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"}, instance_path=folder)
    with app.app_context():
        upgrade_database(db.engine)
        generate_directory(db.session, services)
        db.engine.dispose()


def requests(count: int, services: int | None = None) -> list[bytes]:
    """Bodies for POST /api/match: the same client mix as bench/match_bench.py."""
    from bench.match_bench import client_profiles

    bodies = []
    for profile in client_profiles(count, services):
        body = {
            "lat": profile.location.lat,
            "lon": profile.location.lon,
            "needs": list(profile.needs),
            "radius_km": profile.radius_km,
            "at": profile.at.isoformat(),
        }
        for field in ("query", "age", "household_size", "annual_income", "veteran", "language"):
            if getattr(profile, field) is not None:
                body[field] = getattr(profile, field)
        bodies.append(json.dumps(body).encode())
    return bodies


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, port: int, workers: int, folder: str) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench", "LOG_LEVEL": "WARNING"}
    return subprocess.Popen(
        [str(gunicorn), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--timeout", "120",
         "--log-level", "warning", "resource_directory.wsgi:app"],
        cwd=folder, env=env,
    )  # fmt: skip


def wait_until_ready(port: int, server: subprocess.Popen, timeout: float = 300) -> float:
    """Seconds until a round of requests (one per worker and more) all succeed."""
    started = time.perf_counter()
    body = requests(1)[0]
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with code {server.returncode}")
        try:
            if all(post(port, body)[0] == 200 for _ in range(8)):
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not become ready")


def post(port: int, body: bytes) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST", "/api/match", body=body, headers={"Content-Type": "application/json"}
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def load(port: int, clients: int, seconds: float, bodies: list[bytes]) -> tuple[list[float], int]:
    samples: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(offset: int) -> None:
        nonlocal errors
        mine, failed, i = [], 0, offset
        while time.perf_counter() < deadline:
            body = bodies[i % len(bodies)]
            i += clients
            started = time.perf_counter()
            try:
                status, _ = post(port, body)
            except OSError:
                status = 0
            if status == 200:
                mine.append((time.perf_counter() - started) * 1000)
            else:
                failed += 1
        with lock:
            samples.extend(mine)
            errors += failed

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, errors


if __name__ == "__main__":
    main()
