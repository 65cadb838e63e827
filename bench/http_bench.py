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

    python bench/http_bench.py --import-during ROWS [--services 100000] [--json]

The same server and clients; after a few seconds of load, ``resource-directory import``
loads a generated flat file of ROWS listings (bench/common.py, a new source in Baltimore)
while the clients keep searching, and a probe client asks once every 0.1 s for a search
only the new listings answer. The load runs on until every probe for several seconds has
seen the new data (every worker has then swapped its index in). Prints errors and
p50/p95/p99/max latency from the import's start until then (and separately while the
import writes and after its commit, while the workers rebuild), and the seconds from the
commit (seen by polling the directory's version) to the first probe and to every probe
answering with the new data.
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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BALTIMORE_ZIPS, percentiles, report, write_flat  # noqa: E402

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
    parser.add_argument(
        "--import-during", type=int, metavar="ROWS", help="import ROWS listings under load"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.import_during:
        report(run(args), args.json)
    elif args.json:
        report(run_import_during(args), True)
    else:
        print_import_during(run_import_during(args))


@contextmanager
def serving(args, folder: str) -> Iterator[tuple[str, int, dict]]:
    """A generated directory under gunicorn: (database URL, port, setup timings)."""
    url = f"sqlite:///{folder}/http.db"
    started = time.perf_counter()
    generate(url, args.services, folder)
    generated = time.perf_counter() - started
    port = free_port()
    server = start_gunicorn(url, port, args.workers, folder)
    try:
        ready = wait_until_ready(port, server)
        yield url, port, {"generate_s": round(generated, 1), "workers_ready_s": round(ready, 1)}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def settings(args) -> dict:
    return {
        "services": args.services,
        "workers": args.workers,
        "clients": args.clients,
        "distinct_requests": args.distinct,
    }


def run(args) -> dict:
    bodies = requests(args.distinct, args.services)
    with tempfile.TemporaryDirectory() as folder, serving(args, folder) as (_, port, setup):
        deadline = time.perf_counter() + args.seconds
        samples = load(port, args.clients, bodies, lambda: time.perf_counter() >= deadline)
    latencies = [ms for _, ms, status in samples if status == 200]
    return {
        **settings(args),
        "seconds": args.seconds,
        **setup,
        "requests": len(samples),
        "errors": len(samples) - len(latencies),
        "requests_per_s": round(len(latencies) / args.seconds, 1),
        **percentiles(latencies or [0.0]),
    }


#: The source the imported listings come from; the probe looks for it in its results.
IMPORTED = "import-during"
PHASES = ("before_import", "through_import", "while_writing", "after_commit")
#: Load before the import starts, and how long every probe must see the new data.
WARM_S, SETTLED_S = 5.0, 5.0


def run_import_during(args) -> dict:
    bodies = requests(args.distinct, args.services)
    with tempfile.TemporaryDirectory() as folder, serving(args, folder) as (url, port, setup):
        path = write_flat(Path(folder) / "import.csv", args.import_during)
        stop = threading.Event()
        commits = VersionWatcher(url, stop)
        probe = Probe(port, stop)
        samples: list[tuple[float, float, int]] = []
        clients = threading.Thread(
            target=lambda: samples.extend(load(port, args.clients, bodies, stop.is_set))
        )
        for thread in (commits, probe, clients):
            thread.start()
        try:
            time.sleep(WARM_S)
            began = time.perf_counter()
            imported = import_file(url, path, folder)
            ended = time.perf_counter()
            settled = probe.settled_after(began, SETTLED_S, timeout=300)
        finally:
            stop.set()
            for thread in (commits, probe, clients):
                thread.join()
    committed = commits.changed_at or ended
    served = probe.first_seen(began)

    def during(start: float, end: float) -> dict:
        chosen = [(ms, status) for sent, ms, status in samples if start <= sent < end]
        latencies = [ms for ms, status in chosen if status == 200]
        return {
            "requests": len(chosen),
            "errors": len(chosen) - len(latencies),
            **percentiles(latencies or [0.0]),
        }

    return {
        **settings(args),
        "import_rows": args.import_during,
        **setup,
        "import_s": round(ended - began, 1),
        "import_created": imported.get("created"),
        "commit_to_first_served_s": round(served - committed, 2) if served else None,
        "commit_to_served_s": round(settled - committed, 2) if settled else None,
        "before_import": during(began - WARM_S, began),
        "through_import": during(began, settled or ended),
        "while_writing": during(began, committed),
        "after_commit": during(committed, settled or ended),
        # When the slowest requests of the import were sent, in seconds from its commit.
        "slowest_ms_at_s": [
            [round(ms), round(sent - committed, 1)]
            for sent, ms, _ in sorted((s for s in samples if s[0] >= began), key=lambda s: -s[1])[
                :5
            ]
        ],
    }


def print_import_during(result: dict) -> None:
    """The figures, then a table of the latencies in each phase."""
    report({key: value for key, value in result.items() if key not in PHASES}, False)
    print()
    print(f"{'phase':<16}{'requests':>9}{'errors':>7}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}")
    for phase in PHASES:
        row = result[phase]
        figures = "".join(f"{row[k]:>9.1f}" for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms"))
        print(f"{phase:<16}{row['requests']:>9}{row['errors']:>7}{figures}")


def import_file(url: str, path: Path, folder: str) -> dict:
    """``resource-directory import PATH --json`` as an agency's import would run."""
    command = Path(sys.executable).with_name("resource-directory")
    done = subprocess.run(
        [str(command), "import", str(path), "--source", IMPORTED, "--json"],
        cwd=folder, env=server_environment(url), capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"import failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout)


class VersionWatcher(threading.Thread):
    """Notes when the directory's version moves: the moment an import commits."""

    def __init__(self, url: str, stop: threading.Event):
        super().__init__(name="version-watcher", daemon=True)
        self.url, self.stop, self.changed_at = url, stop, None

    def run(self) -> None:
        from resource_directory.db import create_engine_for

        engine = create_engine_for(self.url)
        query = text("SELECT value FROM directory_state WHERE key = 'directory_version'")
        with engine.connect() as connection:
            first = connection.scalar(query)
            connection.rollback()
            while not self.stop.wait(0.02):
                if connection.scalar(query) != first:
                    self.changed_at = time.perf_counter()
                    break
                connection.rollback()  # a fresh snapshot on the next read
        engine.dispose()


class Probe(threading.Thread):
    """Asks every 0.1 s for a search that only the imported listings can answer (their
    source among the results) and notes when each answer came and whether it had them."""

    BODY = json.dumps(
        {"zip": BALTIMORE_ZIPS[0], "needs": ["food"], "radius_km": 3, "limit": 50}
    ).encode()

    def __init__(self, port: int, stop: threading.Event):
        super().__init__(name="probe", daemon=True)
        self.port, self.stop = port, stop
        self.answers: list[tuple[float, bool]] = []

    def run(self) -> None:
        while not self.stop.wait(0.1):
            try:
                status, body = post(self.port, self.BODY)
            except OSError:
                continue
            if status == 200:
                sources = {r["source"] for r in json.loads(body)["results"]}
                self.answers.append((time.perf_counter(), IMPORTED in sources))

    def first_seen(self, since: float) -> float | None:
        return next((at for at, new in self.answers if at >= since and new), None)

    def settled_after(self, since: float, hold: float, timeout: float) -> float | None:
        """Wait until every probe for ``hold`` seconds had the new data; the time from which
        they all did (None if that never happened within ``timeout``)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            answers = [(at, new) for at, new in self.answers if at >= since]
            stale = [at for at, new in answers if not new]
            fresh = [at for at, new in answers if new and (not stale or at > stale[-1])]
            if fresh and fresh[-1] - fresh[0] >= hold:
                return fresh[0]
            time.sleep(0.2)
        return None


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


def server_environment(url: str) -> dict[str, str]:
    # LOG_LEVEL=INFO in the environment shows each worker's index builds.
    return {"LOG_LEVEL": "WARNING", **os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench"}


def start_gunicorn(url: str, port: int, workers: int, folder: str) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = server_environment(url)
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


def load(
    port: int, clients: int, bodies: list[bytes], done: Callable[[], bool]
) -> list[tuple[float, float, int]]:
    """CLIENTS threads posting back to back until ``done()``: (sent at, ms, status) each
    (status 0 for a failed connection)."""
    samples: list[tuple[float, float, int]] = []
    lock = threading.Lock()

    def client(offset: int) -> None:
        mine, i = [], offset
        while not done():
            body = bodies[i % len(bodies)]
            i += clients
            started = time.perf_counter()
            try:
                status, _ = post(port, body)
            except OSError:
                status = 0
            mine.append((started, (time.perf_counter() - started) * 1000, status))
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


if __name__ == "__main__":
    main()
