"""/docs: Swagger UI from the package's own files, under the pages' strict CSP."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from marsad.serve.app import PAGE_CSP


def test_docs_load_only_files_of_this_origin(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["content-security-policy"] == PAGE_CSP  # no CDN, no 'unsafe-inline'
    assert "http://" not in r.text and "https://" not in r.text and "//cdn" not in r.text
    # No inline script or style: every <script> has a src, there is no <style> or style="".
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", r.text) == []
    assert "<style" not in r.text and "style=" not in r.text
    assert 'data-openapi-url="/openapi.json"' in r.text
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', r.text)
    assert set(assets) == {
        "/static/favicon.svg",
        "/static/swagger-ui/swagger-ui.css",
        "/static/swagger-ui/swagger-ui-bundle.js",
        "/static/docs-init.js",
    }
    for path in assets:
        asset = client.get(path)
        assert asset.status_code == 200 and len(asset.content) > 100, path
    assert "SwaggerUIBundle" in client.get("/static/swagger-ui/swagger-ui-bundle.js").text


def test_the_vendored_files_carry_their_licence(client: TestClient) -> None:
    for name in ("LICENSE", "NOTICE", "README.md"):
        assert client.get(f"/static/swagger-ui/{name}").status_code == 200
    assert "Apache License" in client.get("/static/swagger-ui/LICENSE").text


def test_redoc_and_cdn_pages_are_gone(client: TestClient) -> None:
    assert client.get("/redoc").status_code == 404
    assert client.get("/docs/oauth2-redirect").status_code == 404
