"""What the web faces do about the network they are served on: the proxies in front,
cookies that travel only over HTTPS, response headers, and the requests that carry a
client's facts (small bodies, never stored)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'"
    ),
}


def client_facts(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view that takes or shows a client's facts: its request body is held to
    ``CLIENT_REQUEST_MAX_BYTES`` and no response of it, error or not, may be stored by a
    browser or proxy (``Cache-Control: no-store``)."""
    view.holds_client_facts = True  # type: ignore[attr-defined]
    return view


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, Secure over HTTPS unless configured either way."""

    def get_cookie_secure(self, app: Flask) -> bool:
        configured = app.config["SESSION_COOKIE_SECURE"]
        return request.is_secure if configured is None else bool(configured)


def init_security(app: Flask) -> None:
    """Wire the settings in; call before CSRF protection, which reads the form."""
    if app.config["PROXY_COUNT"]:
        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    app.session_interface = SessionInterface()

    @app.before_request
    def _bound_client_requests():
        if _holds_client_facts():  # set before anything reads the body
            request.max_content_length = app.config["CLIENT_REQUEST_MAX_BYTES"]

    @app.after_request
    def _security_headers(response):
        for name, value in _HEADERS.items():
            response.headers.setdefault(name, value)
        if _holds_client_facts():
            response.headers["Cache-Control"] = "no-store"
        return response


def _holds_client_facts() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "holds_client_facts", False)
