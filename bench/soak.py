"""Soak benchmark (issue #12): the real service, for a bounded time, against sources and a Bot API that misbehave, with
``kill -9`` of the service or of its extraction worker at random moments; then it checks that nothing was lost.

    .venv/bin/python bench/soak.py [--minutes 10] [--seed 1] [--markdown]
    .venv/bin/python bench/soak.py --postgres-url postgresql+psycopg://postgres@127.0.0.1:5432/test

What runs, all on this machine:

* ``eventradar run`` (the console script, with a generated config.yaml, ``TELEGRAM_BOT_TOKEN`` set and
  ``telegram.api_base_url`` pointed at the fake) on a fresh database: SQLite in a temporary folder by default,
  ``--database-url`` (an empty database you made), or ``--postgres-url`` (a throwaway database made on that server
  and dropped at the end). Every source is polled each minute (``interval_minutes: 1``, 5 s jitter), failures back
  off at most 60 s.
* The feed server (``bench/soak_feeds.py``, its own process): 20 good sources publishing dated industry events
  (5 each at the start, then about one a minute each), with bad items inside them and brief faults before the
  publishing ends; 8 bad sources answering each request with one of the faults of the issue; 2 SSRF sources leading
  to an internal address.
* The fake Bot API (``bench/soak_telegram.py``): three chats subscribed to the industries of the good items, and a
  fourth that blocked the bot (403); 3 % of sends answered 429 and 3 % 502.
* Chaos: ``--service-kills`` and ``--worker-kills`` (3 each in 10 minutes) at random moments at least 70 s apart
  (when the run is long enough), from the first minute to the last half-minute; a killed service is restarted
  within two seconds, once its children have had three seconds to die with it.
* Watchers: /healthz every second, RSS of the service and its children and the stored good items every two seconds.

After ``--minutes`` the chaos and the publishing stop; the service drains (until every owed item is stored and no
message is queued, at most ``--drain-seconds``), is stopped with SIGTERM, and the checks of ``bench/soak_checks.py``
are printed (``--markdown`` for BENCHMARKS.md). The exit code is 1 when a check fails.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
for path in (REPO / "bench", REPO):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import httpx  # noqa: E402
from soak_checks import Chaos, Final, Limits, Row, Run, Verdict, judge  # noqa: E402
from soak_feeds import GBK_MARKER, INTERNAL_MARKER, FeedPlan, make_plan  # noqa: E402
from soak_probes import Proc, Watcher, descendants, extraction_worker, running  # noqa: E402
from soak_telegram import ChaoticTelegram  # noqa: E402
from sqlalchemy import Engine, create_engine, func, or_, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402
from tables import table  # noqa: E402

from app.config import SourceConfig  # noqa: E402
from db.engine import create_db_engine  # noqa: E402
from db.models.events import Event  # noqa: E402
from db.models.sources import Article  # noqa: E402
from db.models.subscribers import Delivery, Subscriber, Subscription  # noqa: E402
from tests.app.running import EVENTRADAR, environment, run_cli, write_config  # noqa: E402
from tests.fakes.servers import free_port, serve_in_thread  # noqa: E402

# The industries of the good items (soak_feeds.TOPICS); the GBK, bulk and internal items are of others.
SUBSCRIBED = frozenset(
    {
        "biomedicine",
        "new-energy-vehicles",
        "semiconductors",
        "ai",
        "energy-storage",
        "smart-appliances",
        "new-materials",
        "digital-economy",
    }
)
CHATS = {7001: "zh", 7002: "zh", 7003: "en"}
BLOCKED = 7099
JITTER_SECONDS = 5
MAX_BACKOFF_SECONDS = 60
# After a worker kill: this long for an item published after it to be stored (a poll each minute, 5 s jitter).
WORKER_WINDOW = 60.0
CHAOS_GAP = WORKER_WINDOW + 10


# --- the service -------------------------------------------------------------------------------------------------


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
        return code, seconds, _reap(children, 5.0)


def _reap(children: list[Proc], grace: float) -> list[str]:
    """Children still running ``grace`` seconds after their service died: named, then killed (they are ours)."""
    deadline = time.monotonic() + grace
    while any(running(c.pid) for c in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [c for c in children if running(c.pid)]
    for child in left:
        os.kill(child.pid, signal.SIGKILL)
    return [f"{c.role} {c.pid}" for c in left]


# --- setting up --------------------------------------------------------------------------------------------------


def source_entries(plan: FeedPlan) -> list[dict[str, object]]:
    # Every source here is on a loopback address. Where the SSRF policy exists, the good and bad sources stand for
    # public sites and say so; the SSRF sources do not, so they may not reach 127.0.0.1.
    private_ok = "allow_private_network" in SourceConfig.model_fields
    entries: list[dict[str, object]] = []
    for source in plan.sources:
        entry: dict[str, object] = {
            "id": source.key,
            "name": source.key,
            "kind": source.kind,
            "url": source.url(plan.port),
            "interval_minutes": 1,
        }
        if private_ok:
            # Said either way: tests' write_config lets a source that says nothing reach 127.0.0.1.
            entry["allow_private_network"] = source.role in ("good", "bad")
        entries.append(entry)
    return entries


def add_subscribers(url: str) -> None:
    engine = create_db_engine(url)
    with Session(engine) as session, session.begin():
        for chat_id, language in [*CHATS.items(), (BLOCKED, "zh")]:
            subscriber = Subscriber(chat_id=chat_id, chat_type="private", language=language)
            subscriber.subscriptions = [Subscription(industry=industry, region="*") for industry in sorted(SUBSCRIBED)]
            session.add(subscriber)
    engine.dispose()


def reader_engine(url: str) -> Engine:
    # Not db.engine's: it begins every SQLite transaction IMMEDIATE (a write lock); the watchers only read.
    return create_engine(url, pool_pre_ping=True) if url.startswith("postgresql") else create_engine(url)


@contextmanager
def temporary_postgres(server_url: str) -> Iterator[str]:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"eventradar_soak_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def feed_server(plan_path: Path, port: int) -> Iterator[float]:
    """The feed server in its own process; yields its t0 (when its sources' clocks started)."""
    process = subprocess.Popen([sys.executable, str(REPO / "bench" / "soak_feeds.py"), str(plan_path)])
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                yield float(httpx.get(f"http://127.0.0.1:{port}/stats", timeout=2).json()["t0"])
                break
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the feed server did not start") from None
                time.sleep(0.2)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def chaos_moments(rng: random.Random, duration: float, service: int, worker: int) -> list[tuple[float, str]]:
    """Kills at random moments between the first minute (or quarter) and the last half-minute, at least
    ``CHAOS_GAP`` seconds apart when the run is long enough (so each worker kill can be judged before the next)."""
    kinds = ["service"] * service + ["worker"] * worker
    rng.shuffle(kinds)
    if not kinds:
        return []
    start, end = min(60.0, duration / 4), duration - min(30.0, duration / 8)
    gap = min(CHAOS_GAP, (end - start) / len(kinds))
    slack = end - start - gap * (len(kinds) - 1)
    points = sorted(rng.uniform(0, slack) for _ in kinds)
    return [(start + point + gap * i, kind) for i, (point, kind) in enumerate(zip(points, kinds, strict=True))]


# --- running -----------------------------------------------------------------------------------------------------


class Soak:
    def __init__(self, args: argparse.Namespace, folder: Path, database_url: str) -> None:
        self.args = args
        self.folder = folder
        self.url = database_url
        self.rng = random.Random(args.seed)
        self.duration = args.minutes * 60.0
        self.chaos: list[Chaos] = []
        self.t0 = 0.0

    def clock(self) -> float:
        return time.time() - self.t0

    def run(self) -> Verdict:
        feed_port, service_port = free_port(), free_port()
        plan = make_plan(
            seed=self.args.seed,
            port=feed_port,
            year=dt.date.today().year + 1,
            publish_until=self.duration,
            good=self.args.good_sources,
            bad=self.args.bad_sources,
            bad_item_rate=0.08,
        )
        plan.write(self.folder / "plan.json")
        telegram = ChaoticTelegram(blocked_chat=BLOCKED, seed=self.args.seed, record_calls=False)
        with serve_in_thread(telegram.app()) as api:
            config = write_config(
                self.folder,
                server={"port": service_port, "public_url": f"http://127.0.0.1:{service_port}"},
                scheduler={"jitter_seconds": JITTER_SECONDS, "max_backoff_seconds": MAX_BACKOFF_SECONDS},
                telegram={"api_base_url": f"{api}/bot", "admin_chat_ids": []},
                sources=source_entries(plan),
            )
            pythonpath = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
            env = environment(config, self.url, TELEGRAM_BOT_TOKEN=telegram.token, PYTHONPATH=pythonpath)
            upgraded = run_cli("db", "upgrade", env=env, cwd=self.folder)
            if upgraded.returncode != 0:
                raise SystemExit(f"eventradar db upgrade failed:\n{upgraded.stdout}{upgraded.stderr}")
            add_subscribers(self.url)
            with feed_server(self.folder / "plan.json", feed_port) as t0:
                self.t0 = t0
                return self._run(plan, env, f"http://127.0.0.1:{service_port}/healthz", telegram, feed_port)

    def _run(self, plan: FeedPlan, env: dict[str, str], health: str, telegram: ChaoticTelegram, port: int) -> Verdict:
        engine = reader_engine(self.url)
        service = Service(env, self.folder, self.clock)
        watcher = Watcher(health_url=health, engine=engine, clock=self.clock, current=service.current)
        service.start()
        watcher.start()
        self._progress(f"service started; chaos and publishing for {self.duration:.0f} s")
        moments = chaos_moments(self.rng, self.duration, self.args.service_kills, self.args.worker_kills)
        while self.clock() < self.duration:
            service.restart_if_exited()
            if moments and self.clock() >= moments[0][0]:
                _, kind = moments.pop(0)
                if not self._strike(kind, service, engine) and self.clock() < self.duration - 20:
                    moments.insert(0, (self.clock() + 5, kind))  # no worker yet: try again shortly
            time.sleep(0.2)
        self._progress("chaos over; draining")
        self._drain(service, engine, {item.guid for item in plan.owed()})
        code, seconds, left = service.stop()
        watcher.sample_once()
        watcher.stop()
        stats = httpx.get(f"http://127.0.0.1:{port}/stats", timeout=5).json()
        final = self._final(engine, plan, telegram, stats, (code, seconds, left))
        engine.dispose()
        # For a look afterwards (--keep): everything the watchers saw, and the runs and kills.
        record = {"runs": service.runs, "chaos": self.chaos, "observations": watcher.observations}
        (self.folder / "observations.json").write_text(json.dumps(record, default=_plain), encoding="utf-8")
        limits = Limits(
            stall=self.args.stall_seconds,
            window=WORKER_WINDOW,
            grace=30.0,
            max_silence=15.0,
            max_rss_mb=self.args.max_rss_mb,
            on_time=60 + JITTER_SECONDS + 20,
        )
        return judge(
            plan,
            service.runs,
            self.chaos,
            watcher.observations,
            final,
            limits,
            subscribed=SUBSCRIBED,
            chats=sorted(CHATS),
            blocked=BLOCKED,
        )

    def _progress(self, message: str) -> None:
        print(f"[{self.clock():6.0f} s] {message}", file=sys.stderr, flush=True)

    def _strike(self, kind: str, service: Service, engine: Engine) -> bool:
        current = service.current()
        if current is None:
            return False
        number, pid = current
        if kind == "worker":
            worker = extraction_worker(pid)
            if worker is None:
                return False
            os.kill(worker.pid, signal.SIGKILL)
            self.chaos.append(Chaos(self.clock(), "worker", worker.pid, number))
            self._progress(f"kill -9 extraction worker {worker.pid}")
            return True
        _, children = service.kill()
        event = Chaos(self.clock(), "service", pid, number)
        self._progress(f"kill -9 service {pid}")
        with engine.connect() as connection:
            rows = connection.execute(
                select(Subscriber.chat_id, Delivery.event_id, Delivery.kind)
                .join(Subscriber, Subscriber.id == Delivery.subscriber_id)
                .where(Delivery.status == "sending")
            )
            event.in_flight = [(int(chat), int(event_id), str(kind)) for chat, event_id, kind in rows]
        event.orphans = _reap(children, 3.0)
        self.chaos.append(event)
        time.sleep(self.rng.uniform(0.0, 2.0))
        service.start()
        return True

    def _drain(self, service: Service, engine: Engine, owed: set[str]) -> None:
        deadline = self.duration + self.args.drain_seconds
        settled_since: float | None = None
        while self.clock() < deadline:
            service.restart_if_exited()
            with engine.connect() as connection:
                stored = set(connection.execute(select(Article.guid).where(Article.guid.like("soak-g-%"))).scalars())
                pending = connection.execute(
                    select(func.count())
                    .select_from(Delivery)
                    .join(Subscriber, Subscriber.id == Delivery.subscriber_id)
                    .where(Subscriber.active, Delivery.status.in_(("queued", "sending")))
                ).scalar_one()
            if owed <= stored and not pending:
                settled_since = settled_since or self.clock()
                if self.clock() - settled_since >= 10:
                    self._progress("settled: every owed item stored, nothing queued")
                    return
            else:
                settled_since = None
            time.sleep(2)
        self._progress(f"drain ended without settling ({len(owed - stored)} items missing, {pending} queued)")

    def _final(
        self,
        engine: Engine,
        plan: FeedPlan,
        telegram: ChaoticTelegram,
        stats: dict[str, Any],
        stop: tuple[int | None, float, list[str]],
    ) -> Final:
        links = [item.link for item in plan.owed()]
        with Session(engine) as session:
            guid_copies = {
                str(guid): int(n)
                for guid, n in session.execute(
                    select(Article.guid, func.count()).where(Article.guid.like("soak-g-%")).group_by(Article.guid)
                )
            }
            url_copies: dict[str, int] = {}
            for start in range(0, len(links), 500):
                chunk = links[start : start + 500]
                query = select(Article.url, func.count()).where(Article.url.in_(chunk)).group_by(Article.url)
                url_copies.update((str(url), int(n)) for url, n in session.execute(query))
            bad_stored = session.scalar(select(func.count()).where(Article.guid.like("soak-bad-%"))) or 0
            leaked = (
                session.scalar(
                    select(func.count()).where(
                        or_(Article.title.contains(INTERNAL_MARKER), Article.text.contains(INTERNAL_MARKER))
                    )
                )
                or 0
            )
            leaked += session.scalar(select(func.count()).where(Event.name.contains(INTERNAL_MARKER))) or 0
            gbk = list(session.execute(select(Article.title, Article.text).where(Article.guid.like("soak-gbk-%"))))
            rows = [
                Row(int(chat), int(event_id), str(kind), str(status))
                for chat, event_id, kind, status in session.execute(
                    select(Subscriber.chat_id, Delivery.event_id, Delivery.kind, Delivery.status).join(
                        Subscriber, Subscriber.id == Delivery.subscriber_id
                    )
                )
            ]
            industries = {int(i): list(ind or []) for i, ind in session.execute(select(Event.id, Event.industries))}
            active = {int(chat): bool(a) for chat, a in session.execute(select(Subscriber.chat_id, Subscriber.active))}
        logs = [path.read_text(errors="replace") for path in sorted(self.folder.glob("service-*.log"))]
        return Final(
            guid_copies=guid_copies,
            url_copies=url_copies,
            bad_items_stored=bad_stored,
            internal_stored=leaked,
            mojibake_stored=sum(1 for title, body in gbk if GBK_MARKER not in f"{title}{body}"),
            gbk_stored=len(gbk),
            rows=rows,
            event_industries=industries,
            active=active,
            received=list(telegram.received),
            answers=dict(telegram.answers),
            feed_counts=stats["counts"],
            good_faults=stats["good_faults"],
            served=stats["served"],
            asked=sorted(stats["asked"]),
            stop_code=stop[0],
            stop_seconds=stop[1],
            stop_orphans=stop[2],
            poll_crashes=sum(log.count(" crashed") for log in logs),
            tracebacks=sum(log.count("Traceback (most recent call last)") for log in logs),
        )


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def report(verdict: Verdict, args: argparse.Namespace, backend: str, markdown: bool) -> str:
    head = (
        f"Soak: {args.minutes:g} min of chaos and publishing, then drain; seed {args.seed}; {backend}; "
        f"{args.good_sources} good, {args.bad_sources} bad and 2 SSRF sources"
    )
    checks = table(
        ["check", "result", "ok"], [(n, d, "yes" if ok else "FAIL") for n, d, ok in verdict.checks], markdown
    )
    figures = table(["what", "figure"], verdict.figures, markdown)
    return f"{head}\n\n{checks}\n\n{figures}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0, help="chaos and publishing time (default 10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="an empty database to use (default: SQLite in a temporary folder)")
    parser.add_argument("--postgres-url", help="make a throwaway database on this PostgreSQL server, drop it after")
    parser.add_argument("--markdown", action="store_true", help="print the tables as markdown")
    parser.add_argument("--service-kills", type=int, help="kill -9 of the service (default: 3 per 10 minutes)")
    parser.add_argument("--worker-kills", type=int, help="kill -9 of the extraction worker (default: 3 per 10 minutes)")
    parser.add_argument("--good-sources", type=int, default=20)
    parser.add_argument("--bad-sources", type=int, default=8)
    parser.add_argument("--drain-seconds", type=float, default=300.0, help="at most this long to settle (default 300)")
    parser.add_argument("--stall-seconds", type=float, default=180.0, help="polling stopped this long is degraded")
    parser.add_argument("--max-rss-mb", type=float, default=600.0, help="bound on the service and its children")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, plan, database)")
    args = parser.parse_args()
    default_kills = max(1, round(args.minutes * 0.3))
    args.service_kills = default_kills if args.service_kills is None else args.service_kills
    args.worker_kills = default_kills if args.worker_kills is None else args.worker_kills
    folder = Path(tempfile.mkdtemp(prefix="eventradar-soak-"))
    print(f"working folder: {folder}", file=sys.stderr)
    try:
        if args.postgres_url:
            with temporary_postgres(args.postgres_url) as url:
                verdict = Soak(args, folder, url).run()
        else:
            url = args.database_url or f"sqlite:///{folder}/soak.db"
            verdict = Soak(args, folder, url).run()
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    backend = "PostgreSQL" if args.postgres_url or (args.database_url or "").startswith("postgresql") else "SQLite"
    print(report(verdict, args, backend, args.markdown))
    sys.exit(0 if verdict.ok else 1)


if __name__ == "__main__":
    main()
