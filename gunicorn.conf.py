"""The web server's settings: one place for the Dockerfile, docker compose and P8 of the benchmarks, which
starts gunicorn from this directory so that it measures the server production runs.

Two worker processes for two cores. Each has a few threads: a registration spends much of its time waiting
for PostgreSQL to write its commit to disk, and another request can use the processor meanwhile. Each thread
keeps its own database connection (CONN_MAX_AGE)."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 60
