"""resource-directory: a community resource directory and referral matcher."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask

from .config import load_config
from .db import Database, db

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

    from .geo import geocoder_from_config
    from .web import init_web

    app.extensions["geocoder"] = geocoder_from_config(app.config)

    from .matching.freshness import init_app as init_index

    init_index(app, Database.state(app).sessionmaker)
    init_web(app)
    return app
