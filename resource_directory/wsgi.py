"""WSGI entry point: ``gunicorn -w 4 'resource_directory.wsgi:app'``.

Settings come from the environment (``DATABASE_URL``, ``SECRET_KEY``…) or the instance
folder, as for the CLI. Each worker builds its search index as it starts, so no client
waits for it; after an import every worker rebuilds its own (see matching/freshness.py).
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from .app import create_app, warm_up

app = create_app()
try:
    warm_up(app)
except SQLAlchemyError as error:  # no tables yet: the first search builds it instead
    logging.getLogger(__name__).warning("search index not built at start: %s", error)
