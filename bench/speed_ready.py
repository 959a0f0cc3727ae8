"""Extraction speed (`bench/extract_speed.py`): the ready time of the extract command, timed from outside by wall
clock, and where its imports spend their time (``python -X importtime``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from speed_in_process import REPO, load_rows

_IMPORT_RE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( +)(\S+)")


# --- (b) ready time ------------------------------------------------------------------------------------------------


def default_command() -> list[str]:
    script = REPO / ".venv" / "bin" / "eventradar"
    if script.exists():
        return [str(script), "extract", "--jsonl"]
    return [sys.executable, "-c", "from app.cli import entry_point; entry_point()", "extract", "--jsonl"]


def wall(argv: Sequence[str], runs: int, env: dict[str, str] | None = None, stdin: str | None = None) -> list[float]:
    def once() -> None:
        feed: dict[str, Any] = {"input": stdin.encode("utf-8")} if stdin is not None else {"stdin": subprocess.DEVNULL}
        subprocess.run(list(argv), capture_output=True, cwd=REPO, env=env, check=True, **feed)

    once()  # not counted: fills the page cache (and the bytecode cache, when one is written)
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        once()
        samples.append(time.perf_counter() - began)
    return samples


def one_article(corpora: Sequence[Path]) -> str:
    """One --jsonl input line: the median-size cnews article (the one the first-call latency uses)."""
    cnews = sorted((r for r in load_rows(corpora) if r.kind == "cnews"), key=lambda r: len(r.text))
    row = cnews[len(cnews) // 2]
    published = row.published.isoformat() if row.published else None
    return json.dumps({"id": row.id, "text": row.text, "published": published}, ensure_ascii=False) + "\n"


def cached_env(prefix: str) -> dict[str, str]:
    """Our environment with bytecode written to and read from `prefix` (a temporary folder, not the tree)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = prefix
    return env


def importtime_argv(command: Sequence[str]) -> list[str] | None:
    """`command` under ``python -X importtime``, when it is a Python script or an interpreter; else None."""
    first = Path(command[0])
    if first.name.startswith("python"):
        return [command[0], "-X", "importtime", *command[1:]]
    if first.is_file():
        with first.open("rb") as handle:
            head = handle.readline().decode("utf-8", errors="replace")
        if head.startswith("#!") and "python" in head:
            return [head[2:].strip().split()[0], "-X", "importtime", *command]
    return None


def import_costs(argv: Sequence[str], env: dict[str, str]) -> tuple[float, list[tuple[str, float]]]:
    """Seconds of importing in one run of `argv`, and the import time of each top-level package (own time of all
    its modules)."""

    def once() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(argv), stdin=subprocess.DEVNULL, capture_output=True, text=True, cwd=REPO, env=env, check=False
        )

    once()  # writes the bytecode cache
    by_package: Counter[str] = Counter()
    for line in once().stderr.splitlines():
        if m := _IMPORT_RE.match(line):
            by_package[m.group(4).split(".")[0]] += int(m.group(1))
    return sum(by_package.values()) / 1e6, [(name, us / 1e6) for name, us in by_package.most_common()]
