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
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
for path in (REPO / "bench", REPO):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import httpx  # noqa: E402
from soak_checks import judge  # noqa: E402
from soak_feeds import GBK_MARKER, INTERNAL_MARKER, FeedPlan, make_plan  # noqa: E402
from soak_probes import Watcher, extraction_worker  # noqa: E402
from soak_record import Chaos, Final, Limits, Row, Verdict  # noqa: E402
from soak_service import Service, reap  # noqa: E402
from soak_setup import (  # noqa: E402
    BLOCKED,
    CHATS,
    SUBSCRIBED,
    WORKER_WINDOW,
    add_subscribers,
    chaos_moments,
    feed_server,
    reader_engine,
    source_entries,
    temporary_postgres,
)
from soak_telegram import ChaoticTelegram  # noqa: E402
from sqlalchemy import Engine, func, or_, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402
from tables import table  # noqa: E402

from db.models.events import Event  # noqa: E402
from db.models.sources import Article  # noqa: E402
from db.models.subscribers import Delivery, Subscriber  # noqa: E402
from tests.app.running import environment, run_cli, write_config  # noqa: E402
from tests.fakes.servers import free_port, serve_in_thread  # noqa: E402

JITTER_SECONDS = 5
MAX_BACKOFF_SECONDS = 60


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
        event.orphans = reap(children, 3.0)
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
