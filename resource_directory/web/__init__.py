"""The web faces: coordinator pages and the JSON API.

Each view parses its input, calls one operation and renders the result. The unit of work
is the request: one commit when the view succeeded, one rollback otherwise (the error table
in :mod:`resource_directory.errors` says which errors still keep their writes).
"""

from __future__ import annotations

from flask import Flask, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFProtect

from ..actor import Actor, web_actor
from ..app import operation_context
from ..errors import DirectoryError, outcome
from ..operations import Context, describe_directory
from ..taxonomy import NEEDS

csrf = CSRFProtect()


def current_actor() -> Actor:
    """Who is asking: until accounts exist, an anonymous coordinator (on the API, its own
    channel)."""
    return web_actor("api" if _is_api() else "web")


def context() -> Context:
    return operation_context()


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
        result = outcome(exc)
        g.keep_writes = result.commit
        fields = exc.fields or {"_": [str(exc)]}
        if _is_api():
            return jsonify({"message": str(exc), "errors": fields}), result.http_status
        return render_template("error.html", message=str(exc)), result.http_status

    @app.errorhandler(404)
    def _not_found(exc):
        if _is_api():
            return jsonify({"message": "not found", "errors": {}}), 404
        return render_template("error.html", message="That page does not exist."), 404

    @app.errorhandler(400)
    def _bad_request(exc):
        if _is_api():
            return jsonify(
                {"message": exc.description, "errors": {"_body": [exc.description]}}
            ), 400
        return render_template("error.html", message=exc.description), 400

    @app.after_request
    def _finish_unit_of_work(response):
        """Commit once if the request succeeded (or failed in a way that keeps its
        writes), roll back otherwise."""
        session = g.get("db_session")
        if session is not None:
            if response.status_code < 400 or g.pop("keep_writes", False):
                session.commit()
            else:
                session.rollback()
        return response

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


def _is_api() -> bool:
    return request.path.startswith("/api/")


def _demo_data_shown() -> bool:
    """True when the bundled demonstration listings are loaded (a banner says so)."""
    return describe_directory(current_actor(), context()).demo_data


__all__ = ["context", "csrf", "current_actor", "init_web"]
