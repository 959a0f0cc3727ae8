"""Reading the process tree from /proc (Linux): which processes a service started, and whether they still run."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True, slots=True)
class Proc:
    pid: int
    ppid: int
    state: str
    cmdline: str


def _read(pid: int) -> Proc | None:
    try:
        stat = (PROC / str(pid) / "stat").read_text()
        cmdline = (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name in parentheses may itself hold spaces or parentheses; the fields after it do not.
    fields = stat[stat.rindex(")") + 2 :].split()
    return Proc(pid=pid, ppid=int(fields[1]), state=fields[0], cmdline=cmdline)


def processes() -> list[Proc]:
    found = (_read(int(entry.name)) for entry in PROC.iterdir() if entry.name.isdigit())
    return [proc for proc in found if proc is not None]


def descendants(pid: int) -> list[Proc]:
    """Every process below ``pid`` in the tree, children first."""
    everyone = processes()
    found: list[Proc] = []
    parents = {pid}
    while True:
        layer = [proc for proc in everyone if proc.ppid in parents and proc not in found]
        if not layer:
            return found
        found += layer
        parents = {proc.pid for proc in layer}


def running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie (a dead process whose parent has not reaped it yet)."""
    proc = _read(pid)
    return proc is not None and proc.state not in ("Z", "X")


def wait_until_gone(pids: list[int], timeout: float) -> list[int]:
    """Wait for the processes to end; returns those still running after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        alive = [pid for pid in pids if running(pid)]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


def extraction_worker(service_pid: int) -> Proc:
    """The service's extraction worker: the multiprocessing child that is not the resource tracker."""
    workers = [
        proc
        for proc in descendants(service_pid)
        if "multiprocessing" in proc.cmdline and "resource_tracker" not in proc.cmdline and running(proc.pid)
    ]
    assert len(workers) == 1, [proc.cmdline for proc in descendants(service_pid)]
    return workers[0]
