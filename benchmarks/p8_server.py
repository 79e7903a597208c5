"""P8: public registration POST throughput under gunicorn (gunicorn.conf.py: 2 workers, as production runs
it; production settings, persistent database connections) vs a trivial view under the same server, each loaded by 4 connections for a fixed
time. Limits are raised for the run (throttles), nothing else changes."""

import datetime
import http.client
import itertools
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from django.conf import settings

from benchmarks.__main__ import ROOT

CONNECTIONS = 4
SECONDS = float(os.environ.get("BENCH_P8_SECONDS", "10"))
RAISED = "1000000/min"
DISTRICT, VILLAGE = "180701", "18.07.01.2001"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_env() -> dict[str, str]:
    """Production settings (DEBUG off, so CONN_MAX_AGE 60 unless set) with this database and the keys of this
    process (rows written stay readable), throttles raised, the harness's URLconf for the trivial view."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("PYTEST") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    db = settings.DATABASES["default"]
    env.update(
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        DEBUG="false",
        DATABASE_URL=f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        SECRET_KEY=secrets.token_urlsafe(50),
        FIELD_ENCRYPTION_KEYS=",".join(settings.FIELD_ENCRYPTION_KEYS),
        BLIND_INDEX_KEY=settings.BLIND_INDEX_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
    )
    for scope in ("ANON", "USER", "PUBLIC_WRITE", "PUBLIC_WRITE_NIK", "PUBLIC_WRITE_PHONE"):
        env[f"THROTTLE_{scope}"] = RAISED
    return env


def _registration(number: int) -> bytes:
    """A valid, unique registration: the NIK's birth date and serial follow the running number."""
    born = datetime.date(1980, 1, 1) + datetime.timedelta(days=number // 9000 % 7000)
    serial = 1 + number % 9000
    nik = f"{DISTRICT}{born:%d%m%y}{serial:04d}"
    body = {
        "nik": nik, "full_name": f"Beban Uji {number}", "sex": "M", "birth_date": born.isoformat(),
        "birth_place": "Sukadana", "phone": f"0812{number % 100_000_000:08d}", "village_code": VILLAGE,
        "consent": True,
    }  # fmt: skip
    return json.dumps(body).encode()


def _load(port: int, request, seconds: float) -> tuple[int, int]:
    """CONNECTIONS threads sending `request(connection, n)` for `seconds`; (answers as expected, errors)."""
    numbers = itertools.count(secrets.randbelow(10_000_000) * 10)
    done, errors, lock = [0], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        ok = bad = 0
        while time.monotonic() < deadline:
            try:
                if request(conn, next(numbers)):
                    ok += 1
                else:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
        conn.close()
        with lock:
            done[0] += ok
            errors[0] += bad

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0], errors[0]


def _trivial(conn, _number) -> bool:
    conn.request("GET", "/bench/trivial/")
    response = conn.getresponse()
    response.read()
    return response.status == 200


def _register(conn, number) -> bool:
    conn.request("POST", "/api/v1/registrations/", body=_registration(number),
                 headers={"Content-Type": "application/json"})  # fmt: skip
    response = conn.getresponse()
    response.read()
    return response.status == 201


def _wait_ready(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}; see its log above")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            if _trivial(conn, 0):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def p8(*, runs: int, scale: float) -> dict:
    with tempfile.TemporaryFile() as log:
        try:
            return _p8(runs, log)
        finally:
            log.seek(0)
            if tail := log.read()[-3000:].decode(errors="replace").strip():
                print(f"gunicorn's log (end):\n{tail}", file=sys.stderr)


def _p8(runs: int, log) -> dict:
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=ROOT,  # where gunicorn.conf.py holds the production server's workers, threads and timeout
        env=_server_env(),
        stdout=subprocess.DEVNULL,
        stderr=log,  # a file, not a pipe: a full pipe would stall the workers mid-run
    )
    try:
        _wait_ready(port, server)
        warm = min(SECONDS / 3, 2.0)
        _load(port, _trivial, warm), _load(port, _register, warm)  # warm-up: connections, caches
        ours, base, errors = [], [], 0
        for _ in range(runs):
            done, bad = _load(port, _trivial, SECONDS)
            base.append(done / SECONDS)
            errors += bad
            done, bad = _load(port, _register, SECONDS)
            ours.append(done / SECONDS)
            errors += bad
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    ours_rps, base_rps = statistics.median(ours), statistics.median(base)
    ratio = ours_rps / base_rps if base_rps else 0.0
    return {
        "measure": "P8",
        # Throughput, not time: "ours" and "baseline" here are requests per second.
        "ours_s": ours_rps,
        "baseline_s": base_rps,
        "ratio": ratio,
        "target": ">= 0.15",
        "errors": errors,
        "holds": ratio >= 0.15 and errors == 0,
        "notes": f"req/s: registrations {ours_rps:.1f}, trivial view {base_rps:.1f}; errors {errors};"
        f" {CONNECTIONS} connections x {SECONDS:g} s; broker {'set' if settings.CELERY_BROKER_URL else 'none (eager)'}",
    }
