"""Running the app under uvicorn: the server's options in one place (`marsad serve`, benches).

One worker serves the app built in this process. More workers are separate processes (uvicorn
starts and supervises them), each building its own app from the environment (`app_from_env`),
so each has its own store connections and its own core: search is CPU-bound Python, and one
process uses one core however many threads it has (bench/bench_load.py measures 1, 2, 4).
"""

from __future__ import annotations

import os
from typing import Any

from fastapi import FastAPI

from marsad.config import SETTINGS
from marsad.serve.app import create_app

__all__ = ["run", "server_options"]

# How the supervisor tells its workers what to serve (MARSAD_TOKEN is also `marsad serve`'s own).
ENV_DB = "MARSAD_SERVE_DB"
ENV_TOKEN = "MARSAD_TOKEN"


def server_options() -> dict[str, Any]:
    """uvicorn options every start uses. h11 (pure Python) is named rather than left to "auto":
    the request-head bound below is an h11 option, and a server that picked httptools when it
    happens to be installed would answer a long URL differently."""
    return {
        "http": "h11",
        "h11_max_incomplete_event_size": SETTINGS.serve_max_request_head_bytes,
        "log_level": "warning",
    }


def app_from_env() -> FastAPI:
    """The app of one worker process (uvicorn's `factory`): store URL and token from the env."""
    return create_app(os.environ.get(ENV_DB) or None, os.environ.get(ENV_TOKEN) or None)


def run(app: FastAPI, host: str, port: int, workers: int = 1) -> None:
    """Serve `app` (built by `create_app`, so a store that cannot be opened failed already)."""
    import uvicorn

    if workers <= 1:
        uvicorn.run(app, host=host, port=port, **server_options())
        return
    # Workers rebuild the app in their own processes from what this one was built with.
    os.environ[ENV_DB] = app.state.store_url or ""
    os.environ[ENV_TOKEN] = app.state.token or ""
    app.state.stores.close()
    target = f"{__name__}:app_from_env"
    uvicorn.run(target, factory=True, host=host, port=port, workers=workers, **server_options())
