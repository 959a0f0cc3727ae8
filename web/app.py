"""Building the Starlette application from the parts the composition root hands over. Routes stay thin."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles


class HealthReporter(Protocol):
    async def report(self) -> tuple[bool, dict[str, Any]]: ...


def create_web_app(*, health: HealthReporter, demo_dir: Path | None = None) -> Starlette:
    async def healthz(request: Request) -> JSONResponse:
        ok, body = await health.report()
        return JSONResponse(body, status_code=200 if ok else 503, headers={"Cache-Control": "no-store"})

    routes: list[Route | Mount] = [Route("/healthz", healthz, methods=["GET", "HEAD"])]
    if demo_dir is not None:
        # The demo source polls this, so a fresh install has articles without reaching the internet.
        routes.append(Mount("/demo", app=StaticFiles(directory=demo_dir), name="demo"))
    return Starlette(routes=routes)
