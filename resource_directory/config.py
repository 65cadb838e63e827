"""Configuration: defaults → ``instance/config.py`` → environment → explicit overrides.

This is the only module that reads ``os.environ``; everything else reads ``app.config``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

#: Environment variables the application understands, and how each is parsed.
ENV_SETTINGS: dict[str, type] = {
    "DATABASE_URL": str,
    "SECRET_KEY": str,
    "GEOCODER": str,
    "GEOCODER_USER_AGENT": str,
    "GEOCODER_TIMEOUT": float,
    "DEFAULT_RADIUS_KM": float,
    "LOG_LEVEL": str,
    "INDEX_CHECK_SECONDS": float,
    "CLIENT_REQUEST_MAX_BYTES": int,
}


class Defaults:
    """Settings used when neither the instance config nor the environment says otherwise."""

    DATABASE_URL: str | None = None  # None → SQLite file in the instance folder
    GEOCODER = "offline"  # "offline" (ZIP centroids) or a geopy geocoder name, e.g. "nominatim"
    GEOCODER_USER_AGENT = "resource-directory"
    GEOCODER_TIMEOUT = 5.0
    DEFAULT_RADIUS_KM = 25.0
    DEFAULT_LIMIT = 20
    #: How often (seconds) each process checks whether an import changed the directory.
    INDEX_CHECK_SECONDS = 1.0
    LOG_LEVEL = "INFO"
    #: Language of the reasons shown (Flask-Babel); "es" is catalogued too.
    BABEL_DEFAULT_LOCALE = "en"
    WTF_CSRF_TIME_LIMIT = None  # a coordinator's intake form may stay open for hours
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    MAX_CONTENT_LENGTH = 64 * 1024 * 1024
    #: Largest body of a request carrying a client's facts (the match API, the search form).
    CLIENT_REQUEST_MAX_BYTES = 64 * 1024


def load_config(app: Flask, overrides: dict[str, Any] | None = None) -> None:
    """Fill ``app.config`` in precedence order and derive what is left unset."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    for name, kind in ENV_SETTINGS.items():
        raw = os.environ.get(name)
        if raw:
            app.config[name] = kind(raw)
    if overrides:
        app.config.update(overrides)

    instance = Path(app.instance_path)
    if not app.config.get("DATABASE_URL"):
        instance.mkdir(parents=True, exist_ok=True)
        app.config["DATABASE_URL"] = f"sqlite:///{instance / 'resource_directory.db'}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(instance)


def _instance_secret_key(instance: Path) -> str:
    """Return the key kept in ``instance/secret_key``, generating it on first use."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL: two workers starting at once must not each write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
