"""Worker tasks that die on purpose, as a worker killed by the OOM killer would: real extraction otherwise.

They run in the extraction worker process, so they live in an importable module (spawned workers import them).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from pathlib import Path

from extract import ExtractedEvent, SourceHints
from scheduler.extraction import extract_in_worker

# A batch holding this text kills every worker that reads it.
POISON = "【此文让抽取进程崩溃】"
# A batch holding this text followed by a file path kills the first worker that reads it, and marks the file.
DIE_ONCE = "【首次崩溃标记】"
# While the file this environment variable names exists, every worker dies on any batch, even an empty one, as on
# a machine with no memory to spare.
DOWN_WHILE = "EVENTRADAR_TEST_WORKER_DOWN_WHILE"


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def extract_or_die(texts: list[tuple[str, dt.date | None]], hints: SourceHints) -> list[list[ExtractedEvent]]:
    down = os.environ.get(DOWN_WHILE)
    if down and Path(down).exists():
        _die()
    for text, _ in texts:
        if POISON in text:
            _die()
        if DIE_ONCE in text:
            marker = Path(text.split(DIE_ONCE, 1)[1].split()[0])
            if not marker.exists():
                marker.touch()
                _die()
    return extract_in_worker(texts, hints)
