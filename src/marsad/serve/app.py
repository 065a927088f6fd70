"""The FastAPI application: REST API under /api, the reading room (HTML) everywhere else.

`create_app(store_url, token)` is the only entry point (`marsad serve` and the tests call it).
The API is read-only unless a token is given at start-up; then `POST /api/ingest` accepts
`Authorization: Bearer <token>`. Every response carries a strict Content-Security-Policy: the
pages load scripts and styles from /static only, so injected markup could not run even if it
slipped past escaping.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad.serve.stores import StorePool

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent

# Pages: everything from our own origin, nothing inline, no plugins, no framing, no <base> tricks.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# FastAPI's /docs and /redoc pages load Swagger/ReDoc from a CDN with an inline bootstrap script.
# They show no page text, so they get a CSP that allows exactly that and nothing else.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https:; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs", "/redoc")


def security_headers(path: str) -> dict[str, str]:
    """Headers every response gets. no-referrer: links out must not tell sites what was read."""
    return {
        "Content-Security-Policy": DOCS_CSP if path.startswith(DOCS_PATHS) else PAGE_CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
    }


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SecurityHeadersMiddleware:
    """Plain ASGI middleware (no BaseHTTPMiddleware: it buffers and breaks streaming)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = [(k.lower().encode(), v.encode()) for k, v in security_headers(scope["path"]).items()]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k for k, _ in extra}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = kept + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    err: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        err["details"] = details
    return {"error": err}


_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid_request",
    500: "internal_error",
}


def _error_response(request: Request, status: int, message: str, details: Any = None) -> Response:
    code = _STATUS_CODES.get(status, f"http_{status}")
    if wants_json(request):
        return JSONResponse(error_body(code, message, details), status_code=status)
    from marsad.serve.web import render_error

    return render_error(request, status, message)


def _install_error_handlers(app: FastAPI) -> None:
    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        resp = _error_response(request, exc.status_code, str(exc.detail))
        if exc.headers:
            resp.headers.update(exc.headers)
        return resp

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        # Union bodies (a page or a list) add pydantic's internal tags ("function-after[…]") to
        # the location; a reader wants the field path only.
        details = [
            {"loc": [str(p) for p in e.get("loc", ()) if "[" not in str(p)], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        first = details[0] if details else {"loc": [], "msg": "invalid request"}
        message = f"{'.'.join(first['loc'])}: {first['msg']}" if first["loc"] else str(first["msg"])
        return _error_response(request, 422, message, details)

    async def server_error(request: Request, exc: Exception) -> Response:
        # Starlette's outermost error middleware calls this, outside our header middleware.
        log.exception("unhandled error on %s", request.url.path)
        resp = _error_response(request, 500, "internal error; see the server log")
        resp.headers.update(security_headers(request.url.path))
        return resp

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, server_error)


def create_app(store_url: str | None = None, token: str | None = None) -> FastAPI:
    """Build the app over the store at `store_url` (None → the configured default).

    `token`: when set, `POST /api/ingest` accepts `Authorization: Bearer <token>`; when None the
    whole API is read-only and ingest answers 403.
    """
    from marsad.serve.api import router as api_router
    from marsad.serve.web import router as web_router

    pool = StorePool(store_url)
    pool.release(pool.acquire())  # fail at start-up, not on the first request

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Marsad API",
        summary="Arabic-first news monitoring: articles, search, entities, claims, events.",
        version="0.1.0",
        openapi_tags=[
            {"name": "articles", "description": "Stored articles as the typed document model."},
            {"name": "search", "description": "Arabic-aware full-text search with filters."},
            {"name": "entities", "description": "Canonical entities across articles."},
            {"name": "admin", "description": "Statistics and ingest (ingest needs a token)."},
        ],
    )
    app.state.stores = pool
    app.state.token = token or None
    app.state.store_url = store_url
    _install_error_handlers(app)
    app.include_router(api_router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(SecurityHeadersMiddleware)
    return app
