"""Error pages in the NHS style, and JSON errors for machine endpoints."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.wrappers import Response

HANDLED = (400, 403, 404, 405, 413, 429, 500)


def _wants_json() -> bool:
    return request.path.startswith(("/hub/", "/api/")) or request.accept_mimetypes.best == "application/json"


def render_error(code: int, *, reason: str | None = None) -> tuple[Response | str, int]:
    if _wants_json():
        return jsonify(error=reason or HTTP_STATUS_CODES.get(code, "error"), status=code), code
    return render_template(f"errors/{code}.jinja", reason=reason), code


def init_app(app: Flask) -> None:
    def handle_http(error: HTTPException) -> tuple[Response | str, int] | tuple[Response | str, int, dict[str, str]]:
        code = error.code or 500
        if code not in HANDLED:
            code = 500 if code >= 500 else 400
        body, status = render_error(code, reason=error.description if _wants_json() else None)
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            # RFC 9110: a 405 says which methods the address does accept.
            return body, status, {"Allow": ", ".join(sorted(error.valid_methods))}
        return body, status

    def handle_csrf(error: CSRFError) -> tuple[Response | str, int]:
        return render_error(400, reason="csrf")

    def handle_unexpected(error: Exception) -> tuple[Response | str, int]:
        app.logger.exception("unhandled error")
        return render_error(500)

    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    if not app.debug:
        app.register_error_handler(Exception, handle_unexpected)
