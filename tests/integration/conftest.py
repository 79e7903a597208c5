"""A real Celery worker (a subprocess) on a real Redis broker, sharing pytest's PostgreSQL test database.

`celery_worker` yields the name of a queue only that worker consumes; `celery_worker_factory` starts
workers and hands back their process, for tests that kill one mid-task (`start(queue, env={...})` starts
another worker on the same queue, or with extra environment such as CELERY_VISIBILITY_TIMEOUT). Tests
using them must be `django_db(transaction=True)`: the worker is another process and sees only committed
rows. The workers a test started are in `request.node.celery_workers`; their logs go into a failure's
report. `celery_app_on_dead_broker` points this process's app at a port where nothing listens.
"""

import base64
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.conftest import skip_or_fail

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379/15"
READY_TIMEOUT = 60
STOP_TIMEOUT = 15


def broker_url() -> str:
    return os.environ.get("TEST_REDIS_URL") or DEFAULT_TEST_REDIS_URL


def _require_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as exc:
        skip_or_fail(f"Redis broker unreachable at {url} (set TEST_REDIS_URL): {exc}")


def _test_database_url() -> str:
    """The URL of pytest's test database (settings_dict NAME is the test name once it is set up)."""
    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL: the worker cannot see SQLite's in-memory test database")
    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{quote(db['NAME'], safe='')}"


def wait_for(predicate, timeout: float = 60, interval: float = 0.25):
    """The predicate's first truthy value within `timeout` seconds, or None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(interval)
    return None


@dataclass
class CeleryWorker:
    queue: str
    nodename: str
    log_path: Path
    process: subprocess.Popen
    _log_file: object = field(repr=False, default=None)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_until_ready(self, timeout: float = READY_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if f"{self.nodename} ready." in self.log():
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"Celery worker exited with {self.process.returncode}:\n{self.log()}")
            time.sleep(0.2)
        raise RuntimeError(f"Celery worker not ready after {timeout}s:\n{self.log()}")

    def stop(self) -> None:
        """Warm shutdown (SIGTERM), then SIGKILL if it does not go in time."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.kill()
        if self._log_file is not None:
            self._log_file.close()

    def kill(self) -> None:
        """SIGKILL: the worker vanishes without acknowledging what it was doing."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT)


@pytest.fixture
def celery_broker_url():
    url = broker_url()
    _require_redis(url)
    return url


@contextlib.contextmanager
def celery_app_pointed_at(url: str):
    """This process's Celery app sending to `url`, non-eagerly, for the duration of the block."""
    from portal.celery import app

    # Reading the conf first loads the Django settings (config_from_object is lazy), so ours win.
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.task_always_eager = False
    app.conf.broker_url = url
    _drop_connection_pools(app)
    try:
        yield app
    finally:
        _drop_connection_pools(app)
        app.conf.update(saved)


@pytest.fixture
def celery_app_on_broker(celery_broker_url):
    """Point this process's Celery app at the test broker, non-eagerly; restored afterwards."""
    with celery_app_pointed_at(celery_broker_url) as app:
        yield app


def closed_port() -> int:
    """A local TCP port where nothing listens (bound then released: connecting is refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def dead_broker_url() -> str:
    return f"redis://127.0.0.1:{closed_port()}/0"


@pytest.fixture
def celery_app_on_dead_broker(dead_broker_url):
    """This process's Celery app, non-eagerly, on a broker URL where nothing listens: Redis is down.
    Needs no Redis and no PostgreSQL, so tests using it run everywhere."""
    with celery_app_pointed_at(dead_broker_url) as app:
        yield app


def _drop_connection_pools(app) -> None:
    # Pools are built once from the broker URL of the moment; a pool made earlier would keep the old one.
    # `app._pool` is also kombu's process-wide pool for that URL: closing it without forgetting it
    # would hand the closed pool to the next test on the same URL ("Acquire on closed pool").
    from kombu import pools

    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
    pools.reset()


@pytest.fixture
def celery_worker_factory(request, transactional_db, celery_broker_url, tmp_path):
    """Start workers on their own queues, against the test database; all stopped at teardown."""
    database_url = _test_database_url()
    workers: list[CeleryWorker] = []
    request.node.celery_workers = workers

    def start(queue: str | None = None, env: dict[str, str] | None = None) -> CeleryWorker:
        """A worker on `queue` (a new one by default), with `env` added to its environment."""
        queue = queue or f"itest-{uuid.uuid4().hex[:12]}"
        # A second worker on the same queue (replacing a killed one) gets its own node name and log.
        earlier = sum(worker.queue == queue for worker in workers)
        name = f"{queue}-{earlier + 1}" if earlier else queue
        nodename = f"{name}@itest"
        env = {
            **os.environ,
            **(env or {}),
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": celery_broker_url,
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        log_path = tmp_path / f"{name}.log"
        log_file = log_path.open("w")
        command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo", "--concurrency=1"]
        command += ["--loglevel=INFO", "-Q", queue, "-n", nodename]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
        worker = CeleryWorker(queue, nodename, log_path, process, log_file)
        workers.append(worker)
        worker.wait_until_ready()
        return worker

    yield start

    for worker in workers:
        worker.stop()
    _forget_queues(celery_broker_url, [w.queue for w in workers])


def _forget_queues(url: str, queues: list[str]) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        for queue in queues:
            client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        # Messages a killed worker left unacknowledged on these queues: no later worker may restore them.
        for message in unacked_messages(client, set(queues)):
            client.zrem("unacked_index", message["tag"])
            client.hdel("unacked", message["tag"])
    except redis.RedisError:
        pass


def unacked_messages(client, queues: set[str]) -> list[dict]:
    """The messages delivered from `queues` and not yet acknowledged, each as {"tag", "task", "id",
    "kwargs", "delivered_at"}. kombu's Redis transport keeps them in the `unacked` hash (delivery time in
    the `unacked_index` sorted set) until the ack; once the visibility timeout has passed, a worker's
    restore sweep puts them back on their queue."""
    found = []
    for tag, raw in client.hgetall("unacked").items():
        try:
            message, _exchange, routing_key = json.loads(raw)
            if routing_key not in queues:
                continue
            headers = message.get("headers") or {}
            body = message["body"]
            if message.get("properties", {}).get("body_encoding") == "base64":
                body = base64.b64decode(body)
            _args, kwargs, _embed = json.loads(body)
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
        found.append(
            {
                "tag": tag.decode() if isinstance(tag, bytes) else tag,
                "task": headers.get("task"),
                "id": headers.get("id"),
                "kwargs": kwargs,
                "delivered_at": client.zscore("unacked_index", tag),
            }
        )
    return found


@pytest.fixture
def celery_worker(celery_worker_factory) -> Iterator[str]:
    """One running worker; yields the queue it (and only it) consumes."""
    yield celery_worker_factory().queue


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        for worker in getattr(item, "celery_workers", []):
            report.sections.append((f"Celery worker {worker.nodename} log", worker.log()))
    return report
