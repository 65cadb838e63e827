"""The web faces: coordinator pages and the JSON API, with one error mapping."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import select

from ..db import db
from ..errors import DirectoryError
from ..models import Service, Source
from ..taxonomy import NEEDS

csrf = CSRFProtect()

#: Name of the source the bundled demonstration dataset is imported as (Makefile).
DEMO_SOURCE = "demo"


def init_web(app: Flask) -> None:
    from .api import bp as api_bp
    from .coordinator import bp as coordinator_bp

    csrf.init_app(app)
    app.register_blueprint(coordinator_bp)
    app.register_blueprint(api_bp, url_prefix="/api")
    csrf.exempt(api_bp)  # JSON API: no cookies, no ambient authority to forge

    @app.context_processor
    def _globals():
        return {"needs_vocabulary": NEEDS, "demo_data": _demo_data_shown}

    @app.errorhandler(DirectoryError)
    def _directory_error(exc: DirectoryError):
        fields = getattr(exc, "fields", None) or {"_": [str(exc)]}
        if request.path.startswith("/api/"):
            return jsonify({"message": str(exc), "errors": fields}), exc.status
        return render_template("error.html", message=str(exc)), exc.status

    @app.errorhandler(404)
    def _not_found(exc):
        if request.path.startswith("/api/"):
            return jsonify({"message": "not found", "errors": {}}), 404
        return render_template("error.html", message="That page does not exist."), 404

    @app.errorhandler(400)
    def _bad_request(exc):
        if request.path.startswith("/api/"):
            return jsonify(
                {"message": exc.description, "errors": {"_body": [exc.description]}}
            ), 400
        return render_template("error.html", message=exc.description), 400

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'",
        )
        return response


def _demo_data_shown() -> bool:
    """True when the bundled demonstration listings are loaded (a banner says so)."""
    return (
        db.session.scalar(
            select(Service.id)
            .join(Source, Service.source_id == Source.id)
            .where(Source.name == DEMO_SOURCE, Service.active)
            .limit(1)
        )
        is not None
    )


__all__ = ["csrf", "init_web"]
