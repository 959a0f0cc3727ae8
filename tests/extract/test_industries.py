"""Industries: the keyword matcher, where keywords are looked for, hints, and building the taxonomy."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from extract import SourceHints, Taxonomy, extract_events
from extract.industries import industries_for

_SMALL = Taxonomy.from_mapping(
    [
        {"id": "ai", "zh": "人工智能", "en": "AI", "keywords": ["AI", "大模型"]},
        {"id": "robotics", "zh": "机器人", "en": "Robotics", "keywords": []},
        {"id": "new-energy", "zh": "新能源", "en": "New energy", "keywords": ["光伏"]},
        {"id": "new-energy-vehicles", "zh": "新能源汽车", "en": "NEV", "keywords": ["汽车"]},
    ]
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("新能源汽车产业", ["new-energy-vehicles"], id="longest-keyword-wins-nev-not-new-energy"),
        pytest.param("新能源和光伏", ["new-energy"], id="same-industry-reported-once"),
        pytest.param("AI大会", ["ai"], id="latin-keyword-at-cjk-boundary"),
        pytest.param("MAIN论坛", [], id="latin-keyword-not-inside-a-word"),
        pytest.param("ai产业峰会", ["ai"], id="latin-keyword-any-case"),
        pytest.param("服务机器人展", ["robotics"], id="zh-label-is-a-keyword"),
        pytest.param("光伏、机器人与大模型", ["new-energy", "robotics", "ai"], id="order-of-first-mention"),
    ],
)
def test_keyword_matching(text: str, expected: list[str]) -> None:
    assert _SMALL.match(text) == expected


_PUB = date(2024, 3, 1)


@pytest.mark.parametrize(
    ("text", "hints", "expected"),
    [
        pytest.param(
            "据悉,将于6月在广州举办融通创新展,设立生物医药、新能源汽车、智能家电、新型储能、半导体等展区。",
            None,
            ("biomedicine", "new-energy-vehicles", "smart-appliances", "energy-storage", "semiconductors"),
            id="five-industries-from-exhibition-areas",
        ),
        pytest.param(
            "近日,生物医药产业推进会在广州召开,汽车企业代表也应邀参加。",
            None,
            ("biomedicine",),
            id="name-decides-over-the-sentence",
        ),
        pytest.param(
            "将于5月举办融通创新展,设立工业机器人展区。", None, ("robotics",), id="sentence-when-name-is-silent"
        ),
        pytest.param(
            "近日,2024秋季对接会在济南召开。\n会上,多家半导体企业发布新品。",
            None,
            # a matchmaking meeting that names no industry is a general one (trade), not semiconductors
            ("trade",),
            id="other-paragraphs-do-not-count",
        ),
        pytest.param(
            "近日,2024秋季对接会在济南召开。",
            SourceHints(industries=("trade",)),
            ("trade",),
            id="hints-when-text-is-silent",
        ),
        pytest.param(
            "近日,生物医药产业对接会在济南召开。",
            SourceHints(industries=("trade",)),
            ("biomedicine",),
            id="hints-do-not-override-the-text",
        ),
    ],
)
def test_event_industries(text: str, hints: SourceHints | None, expected: tuple[str, ...], taxonomy: Taxonomy) -> None:
    events = extract_events(text, published=_PUB, hints=hints, taxonomy=taxonomy)
    assert len(events) == 1, events
    assert events[0].industries == expected


def test_without_taxonomy_industries_come_from_hints() -> None:
    assert industries_for(["生物医药博览会"], [], None, SourceHints(industries=("trade",))) == ("trade",)
    assert industries_for(["生物医药博览会"], [], None, None) == ()


def test_real_taxonomy_has_the_required_ids(taxonomy: Taxonomy) -> None:
    required = {
        "biomedicine",
        "new-energy-vehicles",
        "semiconductors",
        "ai",
        "robotics",
        "energy-storage",
        "new-energy",
        "smart-appliances",
        "electronics",
        "digital-economy",
        "advanced-manufacturing",
        "new-materials",
        "consumer-goods",
        "agriculture-food",
        "trade",
        "culture-tourism",
        "construction",
    }
    assert required <= set(taxonomy.ids)


@pytest.mark.parametrize(
    ("items", "message"),
    [
        pytest.param([{"zh": "医药", "en": "Pharma", "keywords": []}], r"industries\[0\]\.id", id="missing-id"),
        pytest.param([{"id": "x", "zh": "", "en": "X"}], r"industries\[0\]\.zh", id="empty-label"),
        pytest.param([{"id": "x", "zh": "甲", "en": "X", "keywords": "甲"}], "keywords", id="keywords-not-a-list"),
        pytest.param(
            [{"id": "x", "zh": "甲", "en": "X"}, {"id": "x", "zh": "乙", "en": "Y"}], "appears twice", id="duplicate-id"
        ),
        pytest.param(["biomedicine"], "expected a mapping", id="item-not-a-mapping"),
    ],
)
def test_from_mapping_rejects_bad_items(items: list[Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Taxonomy.from_mapping(items)
