"""The service under soak: ``eventradar run`` started, killed with ``kill -9``, restarted and stopped with SIGTERM,
each start recorded as a run; children left behind by a service that died are named, then killed."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from soak_probes import Proc, descendants, running
from soak_record import Run

from tests.app.running import EVENTRADAR


class Service:
    """Starts ``eventradar run``, kills it, restarts it; each start is a :class:`Run` with its own log."""

    def __init__(self, env: dict[str, str], folder: Path, clock: Any) -> None:
        self.runs: list[Run] = []
        self._env = env
        self._folder = folder
        self._clock = clock
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def start(self) -> Run:
        number = len(self.runs) + 1
        with (self._folder / f"service-{number}.log").open("wb") as out:
            process = subprocess.Popen(
                [str(EVENTRADAR), "run"], env=self._env, cwd=self._folder, stdout=out, stderr=subprocess.STDOUT
            )
        run = Run(number, process.pid, self._clock())
        with self._lock:
            self._process = process
            self.runs.append(run)
        return run

    def current(self) -> tuple[int, int] | None:
        with self._lock:
            return (self.runs[-1].number, self._process.pid) if self._process is not None else None

    def _end(self, how: str) -> Run:
        with self._lock:
            self._process = None
            run = self.runs[-1]
        run.ended, run.how = self._clock(), how
        return run

    def restart_if_exited(self) -> None:
        """A run that ended on its own (a crash) is recorded and replaced."""
        process = self._process
        if process is not None and process.poll() is not None:
            self._end(f"exited {process.returncode}")
            time.sleep(2)
            self.start()

    def kill(self) -> tuple[Run, list[Proc]]:
        process = self._process
        assert process is not None
        children = descendants(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait()
        return self._end("kill -9"), children

    def stop(self) -> tuple[int | None, float, list[str]]:
        """SIGTERM; returns the exit code (None: had to be killed), the seconds it took and children left running."""
        process = self._process
        if process is None:
            return None, 0.0, []
        children = descendants(process.pid)
        with self._lock:
            self._process = None  # stopping: the watchers expect no answer from here on
        began = time.monotonic()
        process.send_signal(signal.SIGTERM)
        try:
            code: int | None = process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            code = None
        seconds = time.monotonic() - began
        self._end("SIGTERM")
        return code, seconds, reap(children, 5.0)


def reap(children: list[Proc], grace: float) -> list[str]:
    """Children still running ``grace`` seconds after their service died: named, then killed (they are ours)."""
    deadline = time.monotonic() + grace
    while any(running(c.pid) for c in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [c for c in children if running(c.pid)]
    for child in left:
        os.kill(child.pid, signal.SIGKILL)
    return [f"{c.role} {c.pid}" for c in left]
