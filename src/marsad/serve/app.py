"""The FastAPI application: REST API under /api, the reading room (HTML) everywhere else.

`create_app(store_url, token)` is the only entry point (`marsad serve` and the tests call it).
The API is read-only unless a token is given at start-up; then `POST /api/ingest` accepts
`Authorization: Bearer <token>`. Every response carries a strict Content-Security-Policy: the
pages (the API docs at /docs too) load scripts and styles from /static only, so injected markup
could not run even if it slipped past escaping. Request bodies are bounded (413 past
`serve_max_body_bytes`) and no error answer carries a traceback.

Ingest runs the page steps on the app's own warm, killable worker pool (`app.state.workers`, a
`run.local.WarmPool`): started with the app when a token allows ingest, so its workers load the
models once, not per request; stopped (no child process left) when the app shuts down.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad.config import SETTINGS, Settings
from marsad.serve.stores import StorePool

__all__ = [
    "HERE",
    "PAGE_CSP",
    "BodyLimitMiddleware",
    "SecurityHeadersMiddleware",
    "create_app",
    "describe_error",
    "error_body",
    "security_headers",
    "wants_json",
]

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent

# Every page (the Swagger UI at /docs included, its files are vendored): everything from our own
# origin, nothing inline, no plugins, no framing, no <base> tricks.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def security_headers() -> dict[str, str]:
    """Headers every response gets. no-referrer: links out must not tell sites what was read."""
    return {
        "Content-Security-Policy": PAGE_CSP,
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
        extra = [(k.lower().encode(), v.encode()) for k, v in security_headers().items()]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k for k, _ in extra}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = kept + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimitMiddleware:
    """413 for a request body over `max_bytes`: at once when Content-Length says so, else as soon
    as the streamed (chunked) body passes the limit, before the app has it all in memory.

    Starlette has a body limiter (FastAPI's `max_body_size`), but it sits outside the app's
    middleware and answers in plain text without the security headers; this one answers in the
    API's error shape, inside the header middleware."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def message(self) -> str:
        return f"request body over the limit of {self.max_bytes} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and not (declared.isdigit() and int(declared) <= self.max_bytes):
            status, text = (413, self.message()) if declared.isdigit() else (400, "invalid Content-Length")
            await _error_response(Request(scope), status, text)(scope, receive, send)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # Raised inside the app's body read: FastAPI lets an HTTPException through.
                    raise HTTPException(413, self.message())
            return message

        await self.app(scope, counting_receive, send)


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


def describe_error(loc: list[str], msg: str) -> str:
    """ "query parameter 'since': '2024-13-45' is not a date: use …" — which parameter, then why."""
    if len(loc) > 1 and loc[0] in ("query", "path", "header"):
        return f"{loc[0]} parameter {'.'.join(loc[1:])!r}: {msg}"
    return f"{'.'.join(loc)}: {msg}" if loc else msg


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
        errors = [
            ([str(p) for p in e.get("loc", ()) if "[" not in str(p)], str(e.get("msg", "")))
            for e in exc.errors()
        ]
        # pydantic prefixes a validator's own message with "Value error, ": noise to a reader.
        errors = [(loc, msg.removeprefix("Value error, ")) for loc, msg in errors]
        loc, msg = errors[0] if errors else ([], "invalid request")
        details = [{"loc": loc_, "msg": msg_} for loc_, msg_ in errors]
        return _error_response(request, 422, describe_error(loc, msg), details)

    async def server_error(request: Request, exc: Exception) -> Response:
        # Starlette's outermost error middleware calls this, outside our header middleware.
        log.exception("unhandled error on %s", request.url.path)
        resp = _error_response(request, 500, "internal error; see the server log")
        resp.headers.update(security_headers())
        return resp

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, server_error)


def _routers() -> list[APIRouter]:
    """Every router, in the order they are matched: the catch-all reading-room pages (web) last,
    so the more specific paths of the other parts win. Imported here, not at module level: the
    routers import the app's helpers (security headers, error pages) from this module."""
    from marsad.serve import curation, feeds, saved
    from marsad.serve.api import router as api
    from marsad.serve.claims import router as claims
    from marsad.serve.docs import router as docs
    from marsad.serve.query_help import router as query_help
    from marsad.serve.room import router as room
    from marsad.serve.web import router as web

    return [
        api,
        docs,
        query_help,  # the query language's help page (issue 13.3)
        claims,  # claims and events (issue 13.2)
        room,  # home, outlets, compare, charts (issue 13.1, 13.4)
        feeds.router,  # Atom, CSV, JSONL (issue 13.5)
        saved.api_router,
        saved.page_router,
        curation.router,  # issue 13.8
        web,
    ]


def create_app(
    store_url: str | None = None, token: str | None = None, *, settings: Settings | None = None
) -> FastAPI:
    """Build the app over the store at `store_url` (None → the configured default).

    An entry point: `settings` (default: the loaded value, read now) is what the stores are
    opened with, the workers run with, and what handlers read (`store.settings`, or
    `app.state.settings` where no store is at hand).

    `token`: when set, `POST /api/ingest` accepts `Authorization: Bearer <token>`; when None the
    whole API is read-only and ingest answers 403.
    """
    from marsad.run.ingest import start_workers
    from marsad.run.local import WarmPool

    settings = settings or SETTINGS
    pool = StorePool(store_url, settings)
    pool.release(pool.acquire())  # fail at start-up, not on the first request
    # Created here, started only in the lifespan: an app that is built but never served (the
    # OpenAPI export, a test of the routes) starts no process.
    workers = WarmPool(settings=settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if token:  # the one kind of request that needs workers; enrich=True as ingest_pages asks
            start_workers(workers, enrich=True, settings=settings)
        try:
            yield
        finally:
            workers.close()
            pool.close()

    app = FastAPI(
        lifespan=lifespan,
        docs_url=None,  # served by serve/docs.py from vendored files, not FastAPI's CDN page
        redoc_url=None,
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
    app.state.workers = workers
    app.state.token = token or None
    app.state.store_url = store_url
    app.state.settings = settings
    _install_error_handlers(app)
    for router in _routers():
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.serve_max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)  # added last: outermost, so it sees every answer
    return app
