"""Every seed page gives exactly its expected events, with and without the publication date.

The seed pages are third-party text kept in ../shared/seeds (not in this repo); the tests skip with a reason when
that folder is absent. Fields the expectation gives are compared exactly; partial_date, when not given, must be
null. Events listed as `optional` may appear (only their name is checked); no other event may.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from extract import ExtractedEvent, Taxonomy, extract_events
from tests.extract.conftest import SEEDS

_EXPECTED = SEEDS / "expected.jsonl"
_COMPARED = ("name", "start", "end", "date_precision", "venue", "city", "province", "industries", "status")


def _load() -> list[dict[str, Any]]:
    if not _EXPECTED.is_file():
        return []
    return [json.loads(line) for line in _EXPECTED.read_text(encoding="utf-8").splitlines() if line.strip()]


def _cases() -> list[Any]:
    seeds = _load()
    if not seeds:
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=f"seed pages not found at {SEEDS}"))]
    cases = []
    for seed in seeds:
        cases.append(pytest.param(seed, None, id=f"{seed['id']}-published-unknown"))
        if seed.get("page_published"):
            published = date.fromisoformat(seed["page_published"])
            cases.append(pytest.param(seed, published, id=f"{seed['id']}-published-given"))
    return cases


def _compare(found: ExtractedEvent, expected: dict[str, Any]) -> dict[str, tuple[object, object]]:
    actual = found.to_dict()
    diffs = {key: (actual[key], expected[key]) for key in _COMPARED if key in expected and actual[key] != expected[key]}
    if actual["partial_date"] != expected.get("partial_date"):
        diffs["partial_date"] = (actual["partial_date"], expected.get("partial_date"))
    return diffs


@pytest.mark.parametrize(("seed", "published"), _cases())
def test_seed_gives_exactly_its_expected_events(
    seed: dict[str, Any], published: date | None, taxonomy: Taxonomy
) -> None:
    text = (Path(SEEDS) / seed["file"]).read_text(encoding="utf-8")
    events = extract_events(text, published=published, taxonomy=taxonomy)
    by_name = {e.name: e for e in events}
    for expected in seed["events"]:
        assert expected["name"] in by_name, f"missing {expected['name']!r}; found {sorted(by_name)}"
        assert _compare(by_name[expected["name"]], expected) == {}
    allowed = {e["name"] for e in seed["events"]} | {e["name"] for e in seed.get("optional", [])}
    unexpected = sorted(set(by_name) - allowed)
    assert unexpected == [], f"events that are not in the page: {unexpected}"
    assert len(events) == len(by_name), "one event was reported twice"


@pytest.mark.parametrize(("seed", "published"), _cases())
def test_seed_evidence_points_into_the_original_page(
    seed: dict[str, Any], published: date | None, taxonomy: Taxonomy
) -> None:
    text = (Path(SEEDS) / seed["file"]).read_text(encoding="utf-8")
    for event in extract_events(text, published=published, taxonomy=taxonomy):
        assert text[event.evidence.start : event.evidence.end] == event.evidence.sentence
        assert event.evidence.sentence.strip()
        assert 0.0 <= event.confidence <= 1.0
