"""The event page's "report a problem" form over real HTTP, on SQLite and PostgreSQL: a report goes in without an
account, bad input and other sites' forms are refused with a clear message and the form kept, a flood from one
address is refused, unconfirmed events are marked, and /metrics counts reports and corrections."""

from __future__ import annotations

import datetime as dt

import httpx
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db import corrections
from db.models.corrections import EventReport
from tests.web.conftest import NOW, add_event


def _event(engine: Engine, **fields: object) -> tuple[int, str]:
    with Session(engine) as session, session.begin():
        event = add_event(session, **fields)
        return event.id, event.public_id


def _reports(engine: Engine) -> list[tuple[str, str, str | None]]:
    with Session(engine) as session:
        rows = session.execute(select(EventReport.reporter, EventReport.reason, EventReport.comment))
        return [(reporter, reason, comment) for reporter, reason, comment in rows]


def _post(client: httpx.Client, public_id: str, form: dict[str, str], **headers: str) -> httpx.Response:
    own = {"Origin": str(client.base_url).rstrip("/")}
    return client.post(f"/events/{public_id}/report", data=form, headers={**own, **headers})


def test_a_report_goes_in_without_an_account_and_no_address_is_stored(engine: Engine, client: httpx.Client) -> None:
    _, public_id = _event(engine, name="第九届湾区生物医药博览会")
    page = client.get(f"/events/{public_id}").text
    assert f'action="/events/{public_id}/report"' in page
    assert 'value="wrong_dates"' in page

    response = _post(client, public_id, {"reason": "wrong_dates", "comment": "应为4月2日至4日"})
    assert response.status_code == 200
    assert "谢谢！您的报告已收到" in response.text
    [(reporter, reason, comment)] = _reports(engine)
    assert (reason, comment) == ("wrong_dates", "应为4月2日至4日")
    assert reporter.startswith("web:")
    assert "127.0.0.1" not in reporter

    english = client.post(
        f"/events/{public_id}/report?lang=en",
        data={"reason": "not_event"},
        headers={"Referer": f"{client.base_url}/events/{public_id}?lang=en"},  # no Origin: the Referer decides
    )
    assert english.status_code == 200
    assert "Thank you!" in english.text


def test_bad_input_is_answered_on_the_page_with_the_form_kept(engine: Engine, client: httpx.Client) -> None:
    _, public_id = _event(engine)
    response = _post(client, public_id, {"comment": "日期不对 <b>真的</b>"})
    assert response.status_code == 400
    assert "请选择一个问题类型" in response.text
    assert "日期不对 &lt;b&gt;真的&lt;/b&gt;</textarea>" in response.text  # kept, as text

    response = _post(client, public_id, {"reason": "boring", "comment": "x"})
    assert response.status_code == 400
    assert "请选择一个问题类型" in response.text

    response = _post(client, public_id, {"reason": "wrong_place", "comment": "长" * 501})
    assert response.status_code == 400
    assert "补充说明最多 500 字" in response.text
    assert 'value="wrong_place" checked' in response.text

    response = client.post(
        f"/events/{public_id}/report",
        content=b"reason=wrong_dates&comment=%ff%fe",
        headers={"Origin": str(client.base_url).rstrip("/"), "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400
    assert "表单内容无法读取" in response.text
    assert _post(client, public_id, {"reason": "not_event", "comment": "x" * 20_000}).status_code == 400
    assert _post(client, "doesnotexist", {"reason": "not_event"}).status_code == 404
    assert _reports(engine) == []


def test_another_sites_form_is_refused(engine: Engine, client: httpx.Client) -> None:
    _, public_id = _event(engine)
    response = _post(client, public_id, {"reason": "not_event"}, Origin="https://evil.example")
    assert response.status_code == 403
    assert "请在本站的活动页面上提交报告" in response.text
    bare = client.post(f"/events/{public_id}/report", data={"reason": "not_event"})  # neither Origin nor Referer
    assert bare.status_code == 403
    assert _post(client, public_id, {"reason": "not_event"}, Origin="null").status_code == 403
    # The public address the service is known by is its own too (behind a reverse proxy).
    assert _post(client, public_id, {"reason": "not_event"}, Origin="https://radar.example").status_code == 200
    assert len(_reports(engine)) == 1


def test_a_flood_from_one_address_is_refused_with_a_message(engine: Engine, client: httpx.Client) -> None:
    _, first = _event(engine)
    _, second = _event(engine)
    statuses = [
        _post(client, public_id, {"reason": reason}).status_code
        for public_id in (first, second)
        for reason in ("not_event", "wrong_dates", "wrong_place")
    ]
    assert statuses == [200] * 5 + [429]
    response = _post(client, second, {"reason": "duplicate", "comment": "和第一届重复"})
    assert response.status_code == 429
    assert "您提交的报告太多了，请稍后再试" in response.text
    assert "和第一届重复</textarea>" in response.text
    assert len(_reports(engine)) == 5


def test_unconfirmed_events_are_marked_on_the_list_and_their_page(engine: Engine, client: httpx.Client) -> None:
    _event(engine, name="确认过的博览会")
    _, held = _event(engine, name="待审核的对接会", review="held")
    listing = client.get("/").text
    assert listing.count('class="badge unconfirmed"') == 1
    assert listing.index("待审核的对接会") < listing.index("badge unconfirmed")
    assert 'id="event-unconfirmed"' in client.get(f"/events/{held}").text
    assert "Unconfirmed" in client.get(f"/events/{held}?lang=en").text


def test_metrics_count_open_reports_corrections_and_unconfirmed_events(engine: Engine, client: httpx.Client) -> None:
    event_id, public_id = _event(engine)
    _event(engine, review="held")
    assert _post(client, public_id, {"reason": "not_event"}).status_code == 200
    _post(client, public_id, {"reason": "wrong_dates"})
    text = client.get("/metrics").text
    assert "eventradar_reports_open 2" in text
    assert "eventradar_events_unconfirmed 1" in text
    with Session(engine) as session, session.begin():
        corrections.set_dates(session, event_id, start=dt.date(2025, 4, 2), end=None, actor="tg:1", now=NOW)
    text = client.get("/metrics").text
    assert "eventradar_reports_open 0" in text
    assert 'eventradar_corrections_total{action="set_dates"} 1' in text
    assert "# TYPE eventradar_corrections_total counter" in text
