"""Configuration: defaults → ``instance/config.py`` → environment → explicit overrides.

This is the only module that reads ``os.environ``; everything else reads ``app.config``.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask


def flag(raw: str) -> bool:
    """A yes/no setting: 1/true/yes/on or 0/false/no/off."""
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"expected true or false, not {raw!r}")


def names(raw: str) -> list[str]:
    """A comma-separated list: ``"example.org, .example.org"``."""
    return [name.strip() for name in raw.split(",") if name.strip()]


#: Environment variables the application understands, and how each is parsed.
ENV_SETTINGS: dict[str, Callable[[str], Any]] = {
    "DATABASE_URL": str,
    "SECRET_KEY": str,
    "GEOCODER": str,
    "GEOCODER_USER_AGENT": str,
    "GEOCODER_TIMEOUT": float,
    "DEFAULT_RADIUS_KM": float,
    "LOG_LEVEL": str,
    "INDEX_CHECK_SECONDS": float,
    "CLIENT_REQUEST_MAX_BYTES": int,
    "TRUSTED_HOSTS": names,
    "PROXY_COUNT": int,
    "SESSION_COOKIE_SECURE": flag,
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
    #: Flask would take FLASK_DEBUG from the environment; debugging is ``serve --debug`` only.
    DEBUG = False
    #: Host names answered (Flask checks the Host header against them); None answers any.
    TRUSTED_HOSTS: list[str] | None = None
    #: Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host are believed.
    PROXY_COUNT = 0
    #: None: the session cookie is Secure whenever the request came over HTTPS.
    SESSION_COOKIE_SECURE: bool | None = None
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
            try:
                app.config[name] = kind(raw)
            except ValueError as exc:
                raise ValueError(f"environment variable {name}: {exc}") from None
    if overrides:
        app.config.update(overrides)

    instance = Path(app.instance_path)
    if not app.config.get("DATABASE_URL"):
        instance.mkdir(parents=True, exist_ok=True)
        app.config["DATABASE_URL"] = f"sqlite:///{instance / 'resource_directory.db'}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(instance)


def _instance_secret_key(instance: Path) -> str:
    """Return the key kept in ``instance/secret_key``, generating it on first use.

    Many workers may start at once: the key is written to a temporary file and renamed into
    place (never seen half-written), under a lock so that one key is made, and a file left
    empty (or blank) is replaced rather than trusted as a key."""
    path = instance / "secret_key"
    if key := _read_key(path):
        return key
    instance.mkdir(parents=True, exist_ok=True)
    with (instance / "secret_key.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if key := _read_key(path):  # another worker made it while we waited
            return key
        key = secrets.token_hex(32)
        fd, temporary = tempfile.mkstemp(dir=instance, prefix=".secret_key.")
        try:
            with os.fdopen(fd, "w") as handle:  # mkstemp creates it with mode 600
                handle.write(key)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return key


def _read_key(path: Path) -> str | None:
    try:
        return path.read_text().strip() or None
    except FileNotFoundError:
        return None
