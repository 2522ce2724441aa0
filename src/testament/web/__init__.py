"""The team workbench: a FastAPI app over one case, with server-rendered pages (Jinja2, htmx vendored, no
CDN) for people and a REST API under /api/v1 for programs, both reading through the library's access gate
(`testament.store.access`, `testament.views`). fastapi, starlette, jinja2 and uvicorn are imported only here
(ruff's banned-api rule); `testament serve` imports this package when it runs."""

from __future__ import annotations

from testament.web.app import create_app

__all__ = ["create_app"]
