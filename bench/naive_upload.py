"""The naive baseline of bench.upload: reads the whole request body into memory, then writes
it to a file. `python -m bench.naive_upload PORT FOLDER`."""

from __future__ import annotations

import sys
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


def build(folder: Path) -> Starlette:
    folder.mkdir(parents=True, exist_ok=True)

    async def upload(request: Request) -> JSONResponse:
        body = await request.body()
        (folder / "upload.bin").write_bytes(body)
        return JSONResponse({"data": {"uploadDocument": {"userErrors": []}}, "size": len(body)})

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(routes=[Route("/upload", upload, methods=["POST"]), Route("/health", health)])


if __name__ == "__main__":
    uvicorn.run(build(Path(sys.argv[2])), port=int(sys.argv[1]), log_level="warning")
