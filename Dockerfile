# The production image: one image for web (gunicorn), the Celery worker, Celery beat and the
# one-shot migrate job; docker-compose.yml chooses the command. See README "Docker Compose".
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VAR_DIR=/var/lib/thriving \
    MEDIA_ROOT=/var/lib/thriving/private-media \
    STATIC_ROOT=/app/staticfiles \
    WEB_CONCURRENCY=3

WORKDIR /app

# Runtime dependencies only (no dev group), each checked against the hash in the lock file.
COPY requirements.lock ./
RUN python -m pip install --require-hashes -r requirements.lock

RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home thriving \
    && mkdir -p "$MEDIA_ROOT" \
    && chown -R thriving:thriving "$VAR_DIR"

COPY --chown=thriving:thriving . .

# Static files are collected into the image with whitenoise's manifest storage (hashed names,
# pre-compressed copies), so a container never writes them. The key and host below exist only
# for this build step: settings refuse to start without them when DEBUG is off.
RUN DEBUG=0 SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput

USER thriving

EXPOSE 8000

# gunicorn takes its number of worker processes from WEB_CONCURRENCY.
CMD ["gunicorn", "thriving.wsgi:application", "--bind", "0.0.0.0:8000"]
