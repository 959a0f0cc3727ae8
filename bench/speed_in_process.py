"""Extraction speed and memory (`bench/extract_speed.py`), measured inside a process: the corpus rows, throughput of
`extract.extract_events` called directly, a fresh process's first-call latency, and peak memory per MB of text.
`extract` is imported where it is measured, never when this module is."""

from __future__ import annotations

import gc
import json
import re
import resource
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TARGET_RATE = 300.0  # articles/s on cnews rows


@dataclass(frozen=True)
class Row:
    id: str
    kind: str
    text: str
    published: date | None


def load_rows(corpora: Sequence[Path]) -> list[Row]:
    rows = []
    for corpus in corpora:
        for line in (corpus / "index.jsonl").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            text = (corpus / "raw" / f"{item['id']}.txt").read_text(encoding="utf-8")
            published = date.fromisoformat(item["pub_date"]) if item.get("pub_date") else None
            rows.append(Row(str(item["id"]), str(item.get("kind")), text, published))
    return rows


def load_taxonomy() -> Any:
    import yaml

    from extract import Taxonomy

    data = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    return Taxonomy.from_mapping(data["industries"])


def kb(rows: Sequence[Row]) -> float:
    return sum(len(r.text.encode("utf-8")) for r in rows) / 1000


# --- (a) throughput ------------------------------------------------------------------------------------------------


def throughput(rows: Sequence[Row], passes: int) -> list[list[object]]:
    from extract import extract_events

    taxonomy = load_taxonomy()
    with_events = set()
    for row in rows:  # warm-up, not counted
        if extract_events(row.text, published=row.published, taxonomy=taxonomy):
            with_events.add(row.id)
    # Most rows name no industry event and the engine stops early on them; the rows it finds events in show the
    # cost of the full reading (dates, places, statements) on its own.
    english = english_rows()
    for row in english:
        extract_events(row.text, published=row.published, taxonomy=taxonomy)
    sets = [
        ("cnews rows", [r for r in rows if r.kind == "cnews"]),
        ("cnews rows with events", [r for r in rows if r.kind == "cnews" and r.id in with_events]),
        ("all rows", list(rows)),
        ("English releases", english),
    ]
    result: list[list[object]] = []
    for label, chosen in sets:
        if not chosen:
            continue
        times = []
        for _ in range(passes):
            gc.collect()
            clear_date_cache()  # each pass reads its dates anew, as new articles would be
            began = time.perf_counter()
            for row in chosen:
                extract_events(row.text, published=row.published, taxonomy=taxonomy)
            times.append(time.perf_counter() - began)
        best, median = min(times), statistics.median(times)
        target = f">= {TARGET_RATE:.0f}" if label in ("cnews rows", "English releases") else ""
        result.append(
            [
                f"{label} ({len(chosen)}, {kb(chosen) / len(chosen):.1f} kB mean)",
                f"{len(chosen) / best:.0f} articles/s",
                f"{len(chosen) / median:.0f}",
                f"{kb(chosen) / best:.0f} kB/s",
                f"{1000 * best / len(chosen):.2f} ms",
                target,
            ]
        )
    return result


def english_rows() -> list[Row]:
    """The English press releases of the tests (our own texts, `tests/extract/english`), each read with a
    publication date so that the whole English reading runs (names, dates by dateparser, places)."""
    folder = REPO / "tests" / "extract" / "english"
    return [
        Row(path.stem, "english", path.read_text(encoding="utf-8"), date(2025, 3, 12))
        for path in sorted(folder.glob("*.txt"))
    ]


def clear_date_cache() -> None:
    """Forget the English date phrases already parsed (`extract.english_dates` keeps the recent ones)."""
    from extract import english_dates

    english_dates._parse.cache_clear()


def cold_child(corpora: Sequence[str]) -> dict[str, Any]:
    began = time.perf_counter()
    from extract import extract_events

    taxonomy = load_taxonomy()
    imported = time.perf_counter() - began
    cnews = sorted((r for r in load_rows([Path(c) for c in corpora]) if r.kind == "cnews"), key=lambda r: len(r.text))
    row = cnews[len(cnews) // 2]
    began = time.perf_counter()
    extract_events(row.text, published=row.published, taxonomy=taxonomy)
    first = time.perf_counter() - began
    began = time.perf_counter()
    extract_events(row.text, published=row.published, taxonomy=taxonomy)
    second = time.perf_counter() - began
    return {"import": imported, "first": first, "second": second, "id": row.id, "kb": kb([row])}


# --- (c) memory ----------------------------------------------------------------------------------------------------


def _status_kb(field: str) -> int | None:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    m = re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)
    return int(m.group(1)) if m else None


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def memory_child(corpora: Sequence[str], size_mb: float) -> dict[str, Any]:
    from extract import extract_events

    taxonomy = load_taxonomy()
    rows = load_rows([Path(c) for c in corpora])
    target = int(size_mb * 1_000_000)
    pieces, size, index = [], 0, 0
    while size < target:
        text = rows[index % len(rows)].text
        pieces.append(text)
        size += len(text.encode("utf-8")) + 2
        index += 1
    document = "\n\n".join(pieces)
    del pieces
    for row in rows[:100]:  # whatever the engine loads on first use (dictionaries, tables): not counted
        extract_events(row.text, published=row.published, taxonomy=taxonomy)
    gc.collect()
    before = _status_kb("VmRSS")
    exact = _reset_peak() and before is not None
    before_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter()
    events = extract_events(document, published=None, taxonomy=taxonomy)
    seconds = time.perf_counter() - began
    if exact and before is not None:
        peak = _status_kb("VmHWM") or 0
        growth_kb = peak - before
    else:  # an upper bound of the baseline: the peak so far, which includes building the document
        growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before_peak
    return {
        "mb": len(document.encode("utf-8")) / 1e6,
        "growth_mb": growth_kb / 1024,
        "rss_before_mb": (before or 0) / 1024,
        "seconds": seconds,
        "events": len(events),
        "exact": exact,
    }
