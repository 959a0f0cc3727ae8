"""Starting the real `eventradar` console script as a subprocess, with a config written for the test."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import yaml

REPO = Path(__file__).resolve().parents[2]
EVENTRADAR = Path(sys.executable).parent / "eventradar"


def write_config(folder: Path, *, sources: list[dict[str, object]] | None = None, **sections: dict[str, Any]) -> Path:
    """The shipped config.yaml with the given sections' keys replaced (and, if given, other sources, which may
    reach the private network unless they say otherwise)."""
    data = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    for section, values in sections.items():
        data[section] = {**data.get(section, {}), **values}
    if sources is not None:
        # Test sources are served on 127.0.0.1, which the address policy keeps sources from unless allowed.
        data["sources"] = [{"allow_private_network": True, **source} for source in sources]
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def environment(config: Path, database_url: str, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "TELEGRAM_BOT_TOKEN"}
    env.update({"EVENTRADAR_CONFIG": str(config), "EVENTRADAR_DATABASE_URL": database_url, **extra})
    return env


def run_cli(*args: str, env: dict[str, str], cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EVENTRADAR), *args], env=env, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=120
    )


def start_service(env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([str(EVENTRADAR), "run"], env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)


def wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 20.0) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"service exited with {process.returncode}:\n{log.read_text()}")
        try:
            response = httpx.get(f"{url}/healthz", timeout=2)
        except httpx.TransportError:
            time.sleep(0.1)
            continue
        if response.status_code == 200:
            return response
        time.sleep(0.1)
    raise AssertionError(f"/healthz not healthy within {timeout} s:\n{log.read_text()}")
