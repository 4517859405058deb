"""WSGI entry point: `gunicorn api.wsgi:app` (from the repository root)."""

from api import create_app

app = create_app()
