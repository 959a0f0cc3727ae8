"""What the soak benchmark watches while it runs: the service's process tree (/proc), its memory, /healthz, and which
good items the database holds, each sampled on its own thread into plain records that soak_checks judges.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import Engine, text

PROC = Path("/proc")


# --- the process tree --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Proc:
    pid: int
    ppid: int
    state: str
    cmdline: str
    rss_kb: int
    hwm_kb: int  # VmHWM: the process's peak RSS so far, which catches spikes between two samples

    @property
    def role(self) -> str:
        if "resource_tracker" in self.cmdline:
            return "resource tracker"
        if "multiprocessing" in self.cmdline:
            return "extraction worker"
        return "other child"


def read_proc(pid: int) -> Proc | None:
    try:
        stat = (PROC / str(pid) / "stat").read_text()
        cmdline = (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        status = (PROC / str(pid) / "status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name in parentheses may itself hold spaces or parentheses; the fields after it do not.
    fields = stat[stat.rindex(")") + 2 :].split()
    sizes = {line.split(":")[0]: int(line.split()[1]) for line in status.splitlines() if line.startswith("Vm")}
    return Proc(
        pid=pid,
        ppid=int(fields[1]),
        state=fields[0],
        cmdline=cmdline,
        rss_kb=sizes.get("VmRSS", 0),
        hwm_kb=sizes.get("VmHWM", 0),
    )


def descendants(pid: int) -> list[Proc]:
    """Every live process below ``pid``, children first."""
    everyone = [p for p in (read_proc(int(e.name)) for e in PROC.iterdir() if e.name.isdigit()) if p is not None]
    found: list[Proc] = []
    parents = {pid}
    while parents:
        layer = [p for p in everyone if p.ppid in parents and p.state not in ("Z", "X")]
        found += layer
        parents = {p.pid for p in layer}
    return found


def running(pid: int) -> bool:
    proc = read_proc(pid)
    return proc is not None and proc.state not in ("Z", "X")


def extraction_worker(service_pid: int) -> Proc | None:
    workers = [p for p in descendants(service_pid) if p.role == "extraction worker"]
    return workers[0] if workers else None


# --- records -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HealthProbe:
    at: float  # seconds after t0
    instance: int  # the service run it was addressed to (0: none running)
    code: int | None  # None: no answer
    status: str  # the body's "status", or why there was no answer
    failing: tuple[str, ...]  # the body's sections whose "ok" is false


@dataclass(frozen=True, slots=True)
class MemorySample:
    at: float
    instance: int
    total_kb: int
    by_role: dict[str, int]
    hwm_by_role: dict[str, int]  # the largest VmHWM of each role's processes


@dataclass
class Observations:
    health: list[HealthProbe] = field(default_factory=list)
    memory: list[MemorySample] = field(default_factory=list)
    stored_at: dict[str, float] = field(default_factory=dict)  # good guid -> when first seen in the database
    workers_seen: dict[int, tuple[int, float]] = field(default_factory=dict)  # worker pid -> (run, first seen)
    sampler_errors: list[str] = field(default_factory=list)


Clock = Callable[[], float]
# The running service: (instance number, pid), or None between a kill and the restart.
Current = Callable[[], tuple[int, int] | None]


class Watcher:
    """Two threads: /healthz every second; memory, workers and the stored good items every two seconds."""

    def __init__(self, *, health_url: str, engine: Engine, clock: Clock, current: Current) -> None:
        self.observations = Observations()
        self._url = health_url
        self._engine = engine
        self._clock = clock
        self._current = current
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._probe_health, name="soak-health", daemon=True),
            threading.Thread(target=self._sample, name="soak-sampler", daemon=True),
        ]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=10)

    def _probe_health(self) -> None:
        with httpx.Client(timeout=3.0) as client:
            while not self._stop.is_set():
                began = time.monotonic()
                current = self._current()
                at = self._clock()
                if current is None:
                    probe = HealthProbe(at, 0, None, "service down", ())
                else:
                    probe = self._ask(client, at, current[0])
                    if self._current() != current:
                        # Killed or told to stop while we asked: not an answer of a running service.
                        probe = HealthProbe(at, 0, probe.code, f"{probe.status} (run ending)", probe.failing)
                self.observations.health.append(probe)
                self._stop.wait(max(0.0, 1.0 - (time.monotonic() - began)))

    def _ask(self, client: httpx.Client, at: float, instance: int) -> HealthProbe:
        try:
            response = client.get(self._url)
        except httpx.HTTPError as exc:
            return HealthProbe(at, instance, None, type(exc).__name__, ())
        try:
            body = response.json()
        except ValueError:
            return HealthProbe(at, instance, response.status_code, "not JSON", ())
        failing = tuple(
            sorted(key for key, value in body.items() if isinstance(value, dict) and value.get("ok") is False)
        )
        return HealthProbe(at, instance, response.status_code, str(body.get("status")), failing)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.sample_once()
            self._stop.wait(2.0)

    def sample_once(self) -> None:
        at = self._clock()
        current = self._current()
        if current is not None:
            instance, pid = current
            me = read_proc(pid)
            tree = ([me] if me else []) + descendants(pid)
            by_role: dict[str, int] = {}
            hwm: dict[str, int] = {}
            for proc in tree:
                role = "service" if proc.pid == pid else proc.role
                by_role[role] = by_role.get(role, 0) + proc.rss_kb
                hwm[role] = max(hwm.get(role, 0), proc.hwm_kb)
                if proc.role == "extraction worker":
                    self.observations.workers_seen.setdefault(proc.pid, (instance, at))
            self.observations.memory.append(MemorySample(at, instance, sum(by_role.values()), by_role, hwm))
        try:
            with self._engine.connect() as connection:
                guids = connection.execute(text("SELECT guid FROM articles WHERE guid LIKE 'soak-g-%'")).scalars()
                for guid in guids:
                    self.observations.stored_at.setdefault(guid, at)
        except Exception as exc:  # the database may be briefly unreachable while the service restarts
            self.observations.sampler_errors.append(f"{at:.0f} s: {type(exc).__name__}: {str(exc).splitlines()[0]}")
