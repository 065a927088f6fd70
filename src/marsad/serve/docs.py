"""/docs: the API description in Swagger UI, served from the package (static/swagger-ui/).

FastAPI's own /docs page loads Swagger UI from a CDN and starts it with an inline script: blank
offline, and only possible under a CSP that allows both. This page loads the vendored files and
static/docs-init.js from /static, so it works offline under the same strict CSP as every page.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import escape

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — API</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/swagger-ui/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{openapi_url}"></div>
<script src="/static/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/docs-init.js"></script>
</body>
</html>
"""


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request) -> HTMLResponse:
    app = request.app
    return HTMLResponse(_PAGE.format(title=escape(app.title), openapi_url=escape(app.openapi_url)))
