"""Reading a feed back with Mozilla's ical.js (npm, the parser inside Thunderbird) in a node subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("icaljs_check.mjs")


def parse_with_icaljs(feed: bytes) -> dict[str, Any]:
    """What ical.js reads from ``feed``: calendar properties and, per event, dates, text and status."""
    node = shutil.which("node")
    if node is None or not (REPO / "node_modules" / "ical.js").is_dir():
        raise AssertionError("node and npm's ical.js are needed: run `make setup` (it runs `npm ci`)")
    result = subprocess.run([node, str(SCRIPT)], input=feed, capture_output=True, cwd=REPO, timeout=60, check=False)
    if result.returncode != 0:
        raise AssertionError(f"ical.js could not parse the feed:\n{result.stderr.decode(errors='replace')}")
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed
