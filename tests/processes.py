"""Helpers for tests that watch worker processes."""

from __future__ import annotations

import os

__all__ = ["alive"]


def alive(pid: int) -> bool:
    """Is a process with this id running (signal 0 probes without touching it)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
