"""The soak benchmark's world of sources: a seeded plan of what each source publishes and when; run as a script,
the feed server (`bench/soak_feed_server.py`) that serves it.

Good sources (RSS and JSON Feed, each on its own loopback address) publish dated industry-event announcements over
time; now and then one of their items is bad (a lone surrogate or NUL, a year-9999 date, a 3,000-character link)
and, before the publishing ends, a request to them fails for a moment (500, a reset, a 503 whose Retry-After is a
date in 9999). Bad sources answer every request with one of the faults of issue #12 at random: a body trickling one
byte a second, a gzip bomb, a malformed feed, a GBK feed with a broken XML declaration, a huge Retry-After, a 500, a
connection reset, a feed of 500 items with distinct dates and cities. SSRF sources redirect to, or link to, an
internal address (127.0.0.1) whose pages say ``INTERNAL-SECRET``.

Only the good items of good sources are owed to the database; the plan lists them, with the second (after ``t0``,
when the server is ready) they appear. The server runs as its own process::

    python bench/soak_feeds.py PLAN.json

and answers ``GET /stats`` (on any of its addresses) with ``t0`` and how many of each fault it served.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

CITIES = ["广州", "深圳", "上海", "杭州", "成都", "武汉", "南京", "济南", "合肥", "西安"]
# Topics of good items: each one an industry of the taxonomy the subscribers follow (see soak_setup.SUBSCRIBED).
TOPICS = ["生物医药", "新能源汽车", "集成电路", "人工智能", "新型储能", "智能家电", "新材料", "数字经济"]
KINDS = ["博览会", "对接会", "推介会", "论坛", "展览会"]
BRAND = (
    "锦华创新融通湾区丝路未来智汇海韵云启天府江城星辰金桥东长风明珠凤"
    "凰翠湖银河紫荆春晖蓝清源朝阳鼎盛恒远腾飞宏图瑞祥嘉禾和美盈泰德隆"
)
BAD_ITEMS_RSS = ("pubdate-9999", "long-link")
BAD_ITEMS_JSON = ("lone-surrogate", "nul", "long-link", "date-9999")
INTERNAL_MARKER = "INTERNAL-SECRET"
INTERNAL_REACHED = "internal address reached"
GBK_MARKER = "对接会"


@dataclass(frozen=True)
class Item:
    source: str
    guid: str
    at: float  # seconds after t0 when it appears in its feed
    bad: str  # "" for a good item; else the fault it carries
    title: str
    text: str
    link: str


@dataclass(frozen=True)
class SourcePlan:
    key: str
    role: str  # good | bad | ssrf-redirect | ssrf-links
    kind: str  # rss | jsonfeed | html-list
    host: str
    path: str

    def url(self, port: int) -> str:
        return f"http://{self.host}:{port}{self.path}"


@dataclass
class FeedPlan:
    port: int
    seed: int
    year: int
    publish_until: float
    good_fault_rate: float
    sources: list[SourcePlan] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    def owed(self) -> list[Item]:
        """The good items of good sources: each must be stored exactly once."""
        return [item for item in self.items if not item.bad]

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False), encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> FeedPlan:
        data = json.loads(path.read_text(encoding="utf-8"))
        sources = [SourcePlan(**source) for source in data.pop("sources")]
        items = [Item(**item) for item in data.pop("items")]
        return cls(**data, sources=sources, items=items)


def loopback_host(index: int) -> str:
    # 127.0.0.1 is the "internal" address; sources start at 127.0.1.1, one address each (the poller paces per host).
    return f"127.0.{1 + index // 250}.{1 + index % 250}"


def brand(*parts: object) -> str:
    # Four characters drawn by a hash: names that differ in one character only would be merged as one event.
    digest = hashlib.blake2b("-".join(map(str, parts)).encode(), digest_size=4).digest()
    return "".join(BRAND[byte % 64] for byte in digest)


def announcement(year: int, source: int, number: int, *, topic: str | None = None) -> str:
    city = CITIES[(source + number) % len(CITIES)]
    topic = topic or TOPICS[(source * 7 + number) % len(TOPICS)]
    kind = KINDS[number % len(KINDS)]
    month, day = 1 + (source + number) % 12, 1 + (source * 3 + number) % 25
    return (
        f"{year}{city}{brand(source, number)}{topic}产业{kind}将于{year}年{month}月{day}日至{day + 2}日"
        f"在{city}国际会展中心举办，预计吸引{100 + number}家{topic}企业参加，主办方欢迎有关企业报名。"
    )


def make_plan(
    *, seed: int, port: int, year: int, publish_until: float, good: int, bad: int, bad_item_rate: float
) -> FeedPlan:
    """Good sources (two in seven JSON Feeds) with 5 items at t0 and about one more a minute each; bad sources."""
    rng = random.Random(seed)
    plan = FeedPlan(port=port, seed=seed, year=year, publish_until=publish_until, good_fault_rate=0.03)
    index = 0
    for number in range(good):
        kind = "jsonfeed" if number % 7 in (2, 5) else "rss"
        key = f"good-{number:02d}"
        suffix = "json" if kind == "jsonfeed" else "xml"
        plan.sources.append(SourcePlan(key, "good", kind, loopback_host(index), f"/good/{key}.{suffix}"))
        index += 1
        at, n = 0.0, 0
        while at <= publish_until:
            text = announcement(year, number, n)
            bad_kind = ""
            if at > 0 and rng.random() < bad_item_rate:
                bad_kind = rng.choice(BAD_ITEMS_JSON if kind == "jsonfeed" else BAD_ITEMS_RSS)
            guid = f"soak-{'bad' if bad_kind else 'g'}-{key}-{n}"
            plan.items.append(Item(key, guid, round(at, 1), bad_kind, text[:30], text, f"http://news.test/{guid}"))
            n += 1
            at = 0.0 if n < 5 else at + rng.expovariate(1 / 60)
    for number in range(bad):
        key = f"bad-{number:02d}"
        plan.sources.append(SourcePlan(key, "bad", "rss", loopback_host(index), f"/bad/{key}.xml"))
        index += 1
    plan.sources.append(SourcePlan("ssrf-redirect", "ssrf-redirect", "rss", loopback_host(index), "/ssrf/feed.xml"))
    plan.sources.append(
        SourcePlan("ssrf-links", "ssrf-links", "html-list", loopback_host(index + 1), "/ssrf/list.html")
    )
    return plan


if __name__ == "__main__":
    # Imported here, in the feed server's own process: the server's module reads its plan with this module's types.
    from soak_feed_server import serve

    serve(Path(sys.argv[1]))
