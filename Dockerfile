# Image for the web, worker and beat services of docker-compose.yml.
FROM python:3.11-slim
# CONN_MAX_AGE: keep database connections for 60 s (with health checks) instead of one per request.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 CONN_MAX_AGE=60
WORKDIR /app
COPY pyproject.toml requirements.lock ./
# Runtime dependencies only (no test tools), at the exact versions of requirements.lock.
RUN python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' > /tmp/deps.txt \
    && pip install --no-cache-dir -c requirements.lock -r /tmp/deps.txt
COPY . .
RUN DEBUG=true python manage.py collectstatic --noinput
RUN useradd --system --home /app portal && mkdir -p /app/private-media && chown portal /app/private-media
USER portal
EXPOSE 8000
# Workers, threads and timeout: gunicorn.conf.py (the same file P8 of the benchmarks measures).
CMD ["gunicorn", "portal.wsgi:application"]
