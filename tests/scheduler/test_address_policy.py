"""Sources reach only public addresses: not by their own URL, a redirect, a listing's link or a DNS answer.

The fake internet puts the feed server at a public address (93.184.216.34, as news.example), so a source that
obeys the policy can be polled; whatever points at 127.0.0.1, ::1, 10.x or the like must be refused before a
connection is made, and named in the source's health.
"""

from __future__ import annotations

import ipaddress
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from db.models.sources import Article
from scheduler.netpolicy import address_refusal, registrable_domain, same_site
from scheduler.poller import Poller
from scheduler.transport import build_source_client
from tests.app.running import environment, run_cli, write_config
from tests.fakes.feed_server import FeedServer, Route
from tests.fakes.internet import FakeInternet
from tests.scheduler.conftest import GAMES_RSS, PAGES, AddSource, PollerFactory, count, shared_feed, source_row

PUBLIC = "93.184.216.34"


@pytest.fixture
def internet(server: FeedServer) -> FakeInternet:
    fake = FakeInternet()
    fake.route(PUBLIC, int(server.base_url.rsplit(":", 1)[1]))
    for name in ("news.example", "www.news.example"):
        fake.name(name, [PUBLIC])
    return fake


@pytest.fixture
async def public_client(internet: FakeInternet) -> AsyncIterator[httpx.AsyncClient]:
    async with build_source_client(
        user_agent="test",
        request_timeout_seconds=2.0,
        max_connections=8,
        resolver=internet.resolve,
        network=internet.network,
    ) as client:
        yield client


@pytest.fixture
def poller(make_poller: PollerFactory, public_client: httpx.AsyncClient) -> Poller:
    return make_poller(client=public_client)


def _public_source(add_source: AddSource, key: str, url: str, kind: str = "rss", **fields: object) -> int:
    return add_source(key, url, kind, allow_private_network=False, **fields)


async def test_a_public_site_is_polled(
    engine: Engine, server: FeedServer, poller: Poller, add_source: AddSource, internet: FakeInternet
) -> None:
    server.route("/feed.xml", Route(body=shared_feed(GAMES_RSS)))
    source = _public_source(add_source, "news", "http://news.example/feed.xml")
    outcome = await poller.poll(source)
    assert outcome.ok, outcome.error
    assert count(engine, Article) == 20
    assert internet.connections == [PUBLIC]


@pytest.mark.parametrize(
    ("host", "answers", "named"),
    [
        pytest.param("127.0.0.1", None, "127.0.0.1 is a loopback address", id="ipv4-loopback-literal"),
        pytest.param("[::1]", None, "::1 is a loopback address", id="ipv6-loopback-literal"),
        pytest.param("localhost", None, "localhost (127.0.0.1) is a loopback address", id="localhost"),
        pytest.param("db.example", ["10.0.0.5"], "db.example (10.0.0.5) is a private-network address", id="private"),
        pytest.param(
            "meta.example", ["169.254.169.254"], "(169.254.169.254) is a link-local address", id="cloud-metadata"
        ),
        pytest.param("mapped.example", ["::ffff:127.0.0.1"], "a loopback address (embedded in", id="ipv4-mapped"),
        pytest.param("ula.example", ["fd00::1"], "(fd00::1) is a private-network address", id="ipv6-unique-local"),
        pytest.param("mixed.example", [PUBLIC, "192.168.1.1"], "(192.168.1.1) is a private", id="one-of-many"),
    ],
)
async def test_a_source_may_not_reach_a_private_address(
    engine: Engine,
    server: FeedServer,
    poller: Poller,
    add_source: AddSource,
    internet: FakeInternet,
    host: str,
    answers: list[str] | None,
    named: str,
) -> None:
    if answers is not None:
        internet.name(host, answers)
    port = server.base_url.rsplit(":", 1)[1]
    server.route("/feed.xml", Route(body=shared_feed(GAMES_RSS)))
    source = _public_source(add_source, "inside", f"http://{host}:{port}/feed.xml")
    outcome = await poller.poll(source)
    assert not outcome.ok
    assert named in (outcome.error or "")
    assert "allow_private_network" in (outcome.error or "")
    assert internet.connections == []
    assert server.requests_to("/feed.xml") == []
    assert "only public addresses" in (source_row(engine, source).last_error or "")


@pytest.mark.parametrize("target", ["127.0.0.1", "localhost"])
async def test_a_redirect_to_a_private_address_is_refused(
    engine: Engine, server: FeedServer, poller: Poller, add_source: AddSource, target: str
) -> None:
    secret = f"http://{target}:{server.base_url.rsplit(':', 1)[1]}/admin"
    server.route("/feed.xml", Route(status=302, headers={"Location": secret}))
    server.route("/admin", Route(body=shared_feed(GAMES_RSS)))
    source = _public_source(add_source, "news", "http://news.example/feed.xml")
    outcome = await poller.poll(source)
    assert not outcome.ok
    assert "is a loopback address" in (outcome.error or "")
    assert len(server.requests_to("/feed.xml")) == 1
    assert server.requests_to("/admin") == []


async def test_redirects_are_followed_five_times_and_no_more(
    server: FeedServer, poller: Poller, add_source: AddSource
) -> None:
    for hop in range(6):
        server.route(f"/hop{hop}", Route(status=301, headers={"Location": f"/hop{hop + 1}"}))
    server.route("/hop6", Route(body=shared_feed(GAMES_RSS)))
    five = _public_source(add_source, "five", "http://news.example/hop1")
    six = _public_source(add_source, "six", "http://news.example/hop0")
    assert (await poller.poll(five)).ok
    outcome = await poller.poll(six)
    assert not outcome.ok
    assert "too many redirects (more than 5" in (outcome.error or "")


async def test_the_address_checked_is_the_address_connected_to(
    server: FeedServer, poller: Poller, add_source: AddSource, internet: FakeInternet
) -> None:
    # DNS rebinding: a first answer that passes the check, then loopback for whoever asks again.
    internet.name("rebind.example", [PUBLIC], ["127.0.0.1"])
    server.route("/feed.xml", Route(body=shared_feed(GAMES_RSS)))
    source = _public_source(add_source, "rebind", "http://rebind.example/feed.xml")
    outcome = await poller.poll(source)
    assert outcome.ok, outcome.error
    assert internet.lookups == ["rebind.example"]
    assert internet.connections == [PUBLIC]


async def test_a_listing_is_followed_only_within_its_own_site(
    engine: Engine, server: FeedServer, poller: Poller, add_source: AddSource, internet: FakeInternet
) -> None:
    internet.name("elsewhere.example.org", [PUBLIC])
    port = server.base_url.rsplit(":", 1)[1]
    article = (PAGES / "expo-article.html").read_bytes()
    links = {
        "same host": "/gzdt/2026/t20261101_1001.html",
        "same site": "http://www.news.example/gzdt/2026/t20261102_1002.html",
        "other site": "http://elsewhere.example.org/gzdt/2026/t20261103_1003.html",
        "our own network": f"http://127.0.0.1:{port}/gzdt/2026/t20261104_1004.html",
    }
    listing = "".join(f'<li><a href="{href}">{label}</a></li>' for label, href in links.items())
    server.route("/gzdt/", Route(body=f"<ul class='news'>{listing}</ul>".encode(), content_type="text/html"))
    for n in range(1, 5):
        server.route(f"/gzdt/2026/t2026110{n}_100{n}.html", Route(body=article, content_type="text/html"))
    source = _public_source(add_source, "city", "http://news.example/gzdt/", kind="html-list", link_selector="a")
    outcome = await poller.poll(source)
    assert outcome.ok, outcome.error
    fetched = {path for path in (request.path for request in server.requests) if path.startswith("/gzdt/2026/")}
    assert fetched == {"/gzdt/2026/t20261101_1001.html", "/gzdt/2026/t20261102_1002.html"}
    assert "elsewhere.example.org" not in internet.lookups


async def test_config_decides_which_sources_may_reach_the_private_network(
    server: FeedServer, make_poller: PollerFactory, add_source: AddSource, engine: Engine
) -> None:
    url = server.route("/feed.xml", Route(body=shared_feed(GAMES_RSS)))
    allowed = add_source("allowed", url, allow_private_network=True)
    refused = add_source("refused", url.replace("/feed.xml", "/feed.xml?again"), allow_private_network=False)
    poller = make_poller()
    assert (await poller.poll(allowed)).ok
    outcome = await poller.poll(refused)
    assert not outcome.ok
    assert "127.0.0.1 is a loopback address" in (outcome.error or "")


def test_a_configured_source_reaches_our_network_only_when_its_config_says_so(
    server: FeedServer, db_url: str, tmp_path: Path
) -> None:
    url = server.route("/feed.xml", Route(body=shared_feed(GAMES_RSS)))
    sources: list[dict[str, object]] = [
        {"id": "intranet", "name": "intranet", "kind": "rss", "url": url, "allow_private_network": True},
        {"id": "sneaky", "name": "sneaky", "kind": "rss", "url": f"{url}?x", "allow_private_network": False},
    ]
    config = write_config(tmp_path, sources=sources, scheduler={"min_seconds_between_requests_to_one_host": 0})
    result = run_cli("poll-once", env=environment(config, db_url), cwd=tmp_path)
    assert "sources: 1 ok, 1 failed" in result.stdout, result.stdout + result.stderr
    assert "failed: sneaky: blocked: 127.0.0.1 is a loopback address" in result.stdout


@pytest.mark.parametrize(
    ("address", "refused"),
    [
        ("8.8.8.8", None),
        ("2001:4860:4860::8888", None),
        ("127.0.0.53", "a loopback address"),
        ("0.0.0.0", "an unspecified address"),
        ("10.1.2.3", "a private-network address"),
        ("172.16.0.1", "a private-network address"),
        ("192.168.0.1", "a private-network address"),
        ("100.64.0.1", "not a public address"),
        ("169.254.169.254", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("240.0.0.1", "a private-network address"),
        ("255.255.255.255", "a private-network address"),
        ("192.0.2.1", "a private-network address"),
        ("::", "an unspecified address"),
        ("::1", "a loopback address"),
        ("fe80::1", "a link-local address"),
        ("fc00::1", "a private-network address"),
        ("fec0::1", "a site-local address"),
        ("ff02::1", "a multicast address"),
        ("::ffff:10.0.0.1", "a private-network address (embedded in ::ffff:a00:1)"),
        ("::ffff:8.8.8.8", None),
        ("2002:7f00:1::", "a loopback address (embedded in 2002:7f00:1::)"),
        ("64:ff9b::a9fe:a9fe", "a link-local address (embedded in 64:ff9b::a9fe:a9fe)"),
        ("2001:db8::1", "a private-network address"),
    ],
)
def test_which_addresses_are_public(address: str, refused: str | None) -> None:
    assert address_refusal(ipaddress.ip_address(address)) == refused


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("gdii.gd.gov.cn", "gd.gov.cn"),
        ("www.mofcom.gov.cn", "mofcom.gov.cn"),
        ("www.ccpit.org", "ccpit.org"),
        ("news.example", "news.example"),
        ("a.b.news.example", "news.example"),
        ("127.0.0.1", "127.0.0.1"),
        ("localhost", "localhost"),
    ],
)
def test_registrable_domains_come_from_the_public_suffix_list(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


def test_sites_are_compared_by_registrable_domain() -> None:
    assert same_site("http://gdii.gd.gov.cn/gkmlpt/index", "https://www.gd.gov.cn/a.html")
    assert not same_site("http://gdii.gd.gov.cn/gkmlpt/index", "http://www.sz.gov.cn/a.html")
    assert not same_site("http://127.0.0.1:8080/", "http://localhost:8080/")
