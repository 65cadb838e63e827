"""The Flask application factory, and what faces need from the app to call operations."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from .config import load_config
from .db import Database, db
from .geo import geocoder_from_config
from .i18n import TRANSLATIONS, babel, render_reason
from .matching.freshness import IndexHolder
from .operations import Context, Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None, instance_path: str | None = None) -> Flask:
    """Application factory: configuration, extensions, blueprints."""
    app = Flask(
        __name__,
        instance_path=instance_path or str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    load_config(app, config)
    logging.basicConfig(
        level=app.config["LOG_LEVEL"], format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    db.init_app(app)
    babel.init_app(app, default_translation_directories=str(TRANSLATIONS))
    app.add_template_filter(render_reason, "reason")
    app.extensions["settings"] = Settings.from_config(app.config)
    app.extensions["geocoder"] = geocoder_from_config(app.config)
    # Each process keeps one search index, rebuilt when an import moves the data version.
    app.extensions["search_index"] = IndexHolder(
        Database.state(app).sessionmaker, app.config["INDEX_CHECK_SECONDS"]
    )

    from .web import init_web

    init_web(app)
    return app


def operation_context(app: Flask | None = None) -> Context:
    """The context operations run in for the current app context's unit of work."""
    app = app or current_app
    return Context(
        session=db.session,
        settings=app.extensions["settings"],
        geocoder=app.extensions["geocoder"],
        search_index=app.extensions["search_index"],
    )


def search_index(app: Flask | None = None) -> IndexHolder:
    return (app or current_app).extensions["search_index"]


def warm_up(app: Flask):
    """Build the search index when a server process starts, before its first search."""
    with app.app_context():
        return search_index(app).get(db.session)
