"""One rule for "does this event match this subscription", through all five paths that ask it (issue #13).

A subscriber is told about an event by a Telegram alert, then a reminder; sees it in /upcoming, in their personal
iCal feed, and on the calendar page filtered the same way. Each case stores one subscription and one event and asks
every path; a user would notice any disagreement (an alert for an event their feed leaves out). Where the copies
used to disagree, the one rule decides: 朝阳 is the city in 辽宁, not 北京's 朝阳区 (北京朝阳区 is that one).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import AppConfig, load_config
from app.vocabulary import choices_of, vocabulary_of
from bot.actions import ChatInfo, upcoming
from bot.choices import ANY_WORDS
from db.alert_schedule import NEW, REMINDER
from db.alerts import enqueue_alerts, enqueue_due_reminders
from db.calendar import feed_events, page_events
from db.models.events import Event
from db.models.subscribers import ANY, Delivery, Subscriber, Subscription
from extract.regions import default_regions
from web.filters import FilterError, Vocabulary

_REPO = Path(__file__).resolve().parents[2]
_NOW = dt.datetime(2027, 3, 1, 4, 0, tzinfo=dt.UTC)  # 12:00 in Beijing
_TODAY = dt.date(2027, 3, 1)
_START = dt.date(2027, 3, 8)  # a week ahead: the 7-day reminder is due today
_GUANGZHOU = ("广东", "广州", "海珠")
_BEIJING_CHAOYANG = ("北京", "北京", "朝阳")
_CHANGCHUN_CHAOYANG = ("吉林", "长春", "朝阳")
_LIAONING_CHAOYANG = ("辽宁", "朝阳", None)
_JILIN_CITY = ("吉林", "吉林", None)
_HONG_KONG = ("香港", "香港", None)
_SHANTOU = ("广东", "汕头", None)
_SUZHOU = ("江苏", "苏州", None)
_CHENGDU = ("四川", "成都", None)
_CHONGQING_YUBEI = ("重庆", "重庆", "渝北")
_ABA = ("四川", "阿坝", None)
_PUDONG = ("上海", "上海", "浦东新区")

CASES = [
    # (industry, region) stored, event's industries, event's place, matches
    pytest.param(ANY, ANY, ["biomedicine"], _GUANGZHOU, True, id="all"),
    pytest.param(ANY, "广东", ["biomedicine"], _GUANGZHOU, True, id="province"),
    pytest.param(ANY, "广东省", ["biomedicine"], _GUANGZHOU, True, id="province-full-name-stored-before"),
    pytest.param(ANY, "广州", ["biomedicine"], _GUANGZHOU, True, id="city"),
    pytest.param(ANY, "深圳", ["biomedicine"], _GUANGZHOU, False, id="other-city"),
    pytest.param(ANY, "海珠区", ["biomedicine"], _GUANGZHOU, True, id="district"),
    pytest.param(ANY, "海珠", ["biomedicine"], _GUANGZHOU, True, id="district-short-name-stored-before"),
    pytest.param(ANY, "朝阳", ["ai"], _BEIJING_CHAOYANG, False, id="chaoyang-is-the-city-not-beijings-district"),
    pytest.param(ANY, "朝阳", ["ai"], _LIAONING_CHAOYANG, True, id="chaoyang-the-city"),
    pytest.param(ANY, "北京朝阳区", ["ai"], _BEIJING_CHAOYANG, True, id="beijing-chaoyang"),
    pytest.param(ANY, "北京朝阳区", ["ai"], _CHANGCHUN_CHAOYANG, False, id="not-changchun-chaoyang"),
    pytest.param(ANY, "北京", ["ai"], _BEIJING_CHAOYANG, True, id="municipality"),
    pytest.param(ANY, "吉林", ["ai"], _JILIN_CITY, True, id="jilin-the-province"),
    pytest.param(ANY, "吉林市", ["ai"], _CHANGCHUN_CHAOYANG, False, id="jilin-the-city-is-not-changchun"),
    pytest.param("biomedicine", ANY, ["ai", "biomedicine"], _GUANGZHOU, True, id="one-of-several-industries"),
    pytest.param("semiconductors", ANY, ["ai", "biomedicine"], _GUANGZHOU, False, id="industry-not-covered"),
    pytest.param("ai", "上海", ["ai", "biomedicine"], _GUANGZHOU, False, id="industry-right-region-wrong"),
    pytest.param("biomedicine", "广州", ["biomedicine"], _GUANGZHOU, True, id="industry-and-region"),
    # Regional groups (issue #14): a group matches an event in any of its members.
    pytest.param(ANY, "粤港澳大湾区", ["ai"], _GUANGZHOU, True, id="greater-bay-area-city"),
    pytest.param(ANY, "大湾区", ["ai"], _HONG_KONG, True, id="greater-bay-area-short-name-hong-kong"),
    pytest.param(ANY, "粤港澳大湾区", ["ai"], _SHANTOU, False, id="greater-bay-area-not-all-of-guangdong"),
    pytest.param(ANY, "珠三角", ["ai"], _HONG_KONG, False, id="pearl-river-delta-without-hong-kong"),
    pytest.param(ANY, "长三角", ["ai"], _SUZHOU, True, id="yangtze-river-delta-province-member"),
    pytest.param(ANY, "长三角", ["ai"], _BEIJING_CHAOYANG, False, id="yangtze-river-delta-not-beijing"),
    pytest.param(ANY, "京津冀", ["ai"], _BEIJING_CHAOYANG, True, id="jingjinji-district-of-a-member"),
    pytest.param(ANY, "成渝", ["ai"], _CHENGDU, True, id="chengyu-sichuan-city"),
    pytest.param(ANY, "成渝", ["ai"], _CHONGQING_YUBEI, True, id="chengyu-chongqing"),
    pytest.param(ANY, "成渝", ["ai"], _ABA, False, id="chengyu-not-all-of-sichuan"),
    pytest.param("ai", "长三角", ["biomedicine"], _SUZHOU, False, id="group-right-industry-wrong"),
    # Below the city: a zone names the district it lies in.
    pytest.param(ANY, "琶洲", ["ai"], _GUANGZHOU, True, id="landmark-is-its-district"),
    pytest.param(ANY, "陆家嘴", ["ai"], _PUDONG, True, id="landmark-pudong"),
    pytest.param(ANY, "琶洲", ["ai"], ("广东", "广州", "天河"), False, id="landmark-not-the-next-district"),
]


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    config = load_config(_REPO / "config.yaml", environ={})
    return vocabulary_of(config)


@pytest.mark.parametrize(("industry", "region", "industries", "place", "expected"), CASES)
def test_every_path_agrees_on_which_events_a_subscription_matches(
    session: Session,
    vocabulary: Vocabulary,
    industry: str,
    region: str,
    industries: list[str],
    place: tuple[str, str, str | None],
    expected: bool,
) -> None:
    subscriber = Subscriber(chat_id=42, chat_type="private", language="zh", reminder_days=[7], reminder_time="09:00")
    session.add(subscriber)
    session.flush()
    session.add(Subscription(subscriber_id=subscriber.id, industry=industry, region=region))
    province, city, district = place
    event = Event(
        name="2027产业博览会",
        merge_key="2027产业博览会",
        start_date=_START,
        end_date=_START + dt.timedelta(days=2),
        province=province,
        city=city,
        district=district,
        industries=industries,
        status="upcoming",
        first_seen_at=_NOW,
        updated_at=_NOW,
    )
    session.add(event)
    session.commit()

    enqueue_alerts(session, [(event, NEW)], now=_NOW, regions=vocabulary.regions)
    enqueue_due_reminders(session, now=_NOW, regions=vocabulary.regions)
    session.commit()
    owed = set(session.scalars(select(Delivery.kind).where(Delivery.subscriber_id == subscriber.id)))
    chat = ChatInfo(chat_id=42, chat_type="private", title=None, thread_id=None, language="zh")
    listed = upcoming(session, chat, [], [], page=1, today=_TODAY, vocabulary=vocabulary.regions).events
    last = _TODAY + dt.timedelta(days=60)
    where = vocabulary.subscription_filter([(industry, region)])
    feed = feed_events(session, first=_TODAY, last=last, cancelled_since=_NOW, where=where)

    paths = {
        "alert": NEW in owed,
        "reminder": REMINDER in owed,
        "/upcoming": [e.id for e in listed] == [event.id],
        "personal feed": [e.id for e in feed] == [event.id],
    }
    params = {name: [value] for name, value in (("industry", industry), ("region", region)) if value != ANY}
    where = vocabulary.to_filter(vocabulary.parse(params))  # the page accepts every name a subscription holds
    page = page_events(session, today=_TODAY, last=last, cancelled_since=_NOW, where=where, limit=50)
    paths["page"] = [e.id for e in page] == [event.id]
    assert paths == dict.fromkeys(paths, expected)


def test_a_region_that_is_several_places_is_refused_on_the_page_with_the_places_it_could_be(
    vocabulary: Vocabulary,
) -> None:
    with pytest.raises(FilterError, match="北京朝阳区, 长春朝阳区"):
        vocabulary.parse({"region": ["朝阳区"]})
    assert vocabulary.parse({"region": ["北京朝阳区"]}).regions == ("北京朝阳区",)
    assert vocabulary.parse({"region": ["海珠"]}).regions == ("海珠区",)  # the canonical name goes in links


def _industry_words(vocabulary: Vocabulary) -> list[tuple[str, str]]:
    """Every word the shipped config gives an industry (id, labels, keywords), with the industry it names.

    A keyword two industries list belongs to the first (config order), as the extractor reads it."""
    words: dict[str, str] = {}
    for industry in vocabulary.industries:
        for keyword in industry.keywords:
            words.setdefault(keyword.lower(), industry.id)
    for industry in vocabulary.industries:
        for name in (industry.id, industry.zh, industry.en, industry.en.upper()):
            words[name.lower()] = industry.id
            words[name] = industry.id
    return list(words.items())


def test_the_bot_and_the_page_read_every_industry_word_of_the_config_alike(vocabulary: Vocabulary) -> None:
    """/subscribe 芯片 and ?industry=芯片 choose the same industry, as do ids, labels in any case and keywords."""

    config = load_config(_REPO / "config.yaml", environ={})
    choices = choices_of(config)
    words = _industry_words(vocabulary)
    assert any(word == "芯片" for word, _ in words), "the shipped taxonomy lists 芯片 as a keyword"
    for word, industry in words:
        if word.lower() in ANY_WORDS or " " in word:
            continue  # both read spaces as separators between choices, so a label of several words is not one word
        bot = choices.parse([word])
        page = vocabulary.parse({"industry": [word]})
        assert (word, bot.industries) == (word, [industry])
        assert (word, list(page.industries)) == (word, [industry])


GROUP_WORDS = [
    ("粤港澳大湾区", "粤港澳大湾区", "greater-bay-area"),
    ("大湾区", "粤港澳大湾区", "greater-bay-area"),
    ("GBA", "粤港澳大湾区", "greater-bay-area"),
    ("长三角", "长三角", "yangtze-river-delta"),
    ("长江三角洲", "长三角", "yangtze-river-delta"),
    ("京津冀", "京津冀", "jingjinji"),
    ("成渝", "成渝", "chengyu"),
    ("成渝地区双城经济圈", "成渝", "chengyu"),
    ("珠三角", "珠三角", "pearl-river-delta"),
]


@pytest.mark.parametrize(("word", "stored", "key"), GROUP_WORDS)
def test_the_bot_and_the_page_read_a_region_group_alike(
    vocabulary: Vocabulary, word: str, stored: str, key: str
) -> None:
    """/subscribe 大湾区, ?region=大湾区 and the page's Telegram link all mean 粤港澳大湾区."""

    config = load_config(_REPO / "config.yaml", environ={})
    choices = choices_of(config)
    assert choices.parse(["生物医药", word]).regions == [stored]
    assert vocabulary.parse({"region": [word]}).regions == (stored,)
    link = choices.deep_link(["biomedicine"], [stored])
    assert link == f"sub-biomedicine-{key}"
    parsed = choices.parse_deep_link(link)
    assert parsed is not None
    assert (parsed.industries, parsed.regions, parsed.unknown) == (["biomedicine"], [stored], [])


def test_zones_and_venues_below_the_city_resolve_to_their_district(vocabulary: Vocabulary) -> None:
    for word, district in (("琶洲", "海珠区"), ("广交会展馆", "海珠区"), ("陆家嘴", "浦东新区"), ("中关村", "海淀区")):
        assert vocabulary.parse({"region": [word]}).regions == (district,), word
    assert vocabulary.parse({"region": ["博鳌"]}).regions == ("琼海",)  # no district known: its city


def test_a_grouping_added_in_the_config_is_a_region_for_the_bot_the_page_and_the_alerts(session: Session) -> None:
    """Groupings are data in config.yaml: a deployment adds 闽三角 and /subscribe, ?region= and alerts know it."""

    data = yaml.safe_load((_REPO / "config.yaml").read_text(encoding="utf-8"))
    data["regions"]["groups"].append(
        {
            "key": "min-delta",
            "en": "Southern Fujian",
            "names": ["闽三角", "厦漳泉"],
            "members": ["厦门", "漳州", "泉州"],
        }
    )
    config = AppConfig.model_validate(data)
    vocabulary = vocabulary_of(config)
    choices = choices_of(config)
    assert choices.parse(["厦漳泉"]).regions == ["闽三角"]
    assert vocabulary.parse({"region": ["闽三角"]}).regions == ("闽三角",)

    subscriber = Subscriber(chat_id=7, chat_type="private", language="zh")
    session.add(subscriber)
    session.flush()
    session.add(Subscription(subscriber_id=subscriber.id, industry=ANY, region="闽三角"))
    event = Event(
        name="2027厦门国际石材展",
        merge_key="2027厦门国际石材展",
        start_date=_START,
        end_date=_START,
        province="福建",
        city="厦门",
        industries=["construction"],
        status="upcoming",
        first_seen_at=_NOW,
        updated_at=_NOW,
    )
    session.add(event)
    session.commit()
    assert enqueue_alerts(session, [(event, NEW)], now=_NOW, regions=config.regions_vocabulary()) == 1
    # Without the config's vocabulary the grouping is unknown: the configured one is what the service passes.
    assert "闽三角" not in default_regions().names_containing("福建", "厦门", None)
