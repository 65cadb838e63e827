"""The web faces: coordinator pages and the JSON API.

Each view parses its input, calls one operation and renders the result. The unit of work
is the request: one commit when the view succeeded, one rollback otherwise (the error table
in :mod:`resource_directory.errors` says which errors still keep their writes).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, g, jsonify, make_response, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import (
    HTTPException,
    InternalServerError,
    MethodNotAllowed,
    RequestEntityTooLarge,
    SecurityError,
)

from ..actor import Actor, web_actor
from ..app import operation_context
from ..errors import DirectoryError, outcome
from ..operations import Context, describe_directory
from ..taxonomy import NEEDS
from .security import client_facts, init_security

csrf = CSRFProtect()


def current_actor() -> Actor:
    """Who is asking: until accounts exist, an anonymous coordinator (on the API, its own
    channel)."""
    return web_actor("api" if _is_api() else "web")


def context() -> Context:
    return operation_context()


class RequestJSONProvider(DefaultJSONProvider):
    """Flask's JSON, where a body nested too deeply to decode is bad input (a 400 saying
    so) rather than a ``RecursionError``."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("the JSON is nested too deeply.") from None


def init_web(app: Flask) -> None:
    from .api import bp as api_bp
    from .coordinator import bp as coordinator_bp

    app.json = RequestJSONProvider(app)
    init_security(app)
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
        return _error_response(result.http_status, exc.code, str(exc), fields)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        message = _http_message(exc)
        if isinstance(exc, SecurityError) and not _is_api():
            # An untrusted Host: no URL can be built for it, so no page either.
            return Response(message, exc.code, mimetype="text/plain")
        fields = {"_body": [message]} if exc.code in _BODY_PROBLEMS else {}
        response = _error_response(exc.code or 500, _snake(exc.name), message, fields)
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(InternalServerError)
    def _server_error(exc: InternalServerError):
        # Flask has logged the original exception; a program still gets JSON it can read.
        if not _is_api():
            return exc
        return _error_response(
            500, "internal_server_error", "the server could not answer this request.", {}
        )

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


#: Statuses that are about the request's body: the message is filed under ``_body``.
_BODY_PROBLEMS = {400, 413, 415}


def _error_response(status: int, code: str, message: str, fields: dict[str, list[str]]):
    """The one shape of an error: ``{"code", "message", "errors"}`` under ``/api/``, the
    error page elsewhere."""
    if _is_api():
        response = jsonify({"code": code, "message": message, "errors": fields})
        response.status_code = status
        return response
    return make_response(render_template("error.html", message=message), status)


def _http_message(exc: HTTPException) -> str:
    """What went wrong, in words that name the limit or method where there is one."""
    if isinstance(exc, RequestEntityTooLarge) and request.max_content_length is not None:
        limit = request.max_content_length
        return f"the request body is larger than this address accepts ({limit:,} bytes)."
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        methods = [m for m in exc.valid_methods if m not in {"HEAD", "OPTIONS"}]
        return f"{request.method} is not allowed here; use {' or '.join(methods)}."
    if exc.code == 404:
        return "not found" if _is_api() else "That page does not exist."
    return exc.description or exc.name


def _snake(name: str) -> str:
    return "_".join(name.lower().split())


def _is_api() -> bool:
    return request.path.startswith("/api/")


def _demo_data_shown() -> bool:
    """True when the bundled demonstration listings are loaded (a banner says so)."""
    return describe_directory(current_actor(), context()).demo_data


__all__ = ["client_facts", "context", "csrf", "current_actor", "init_web"]
