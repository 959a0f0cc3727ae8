"""Extraction speed and memory: articles per second on one core, the extract command's ready time, memory per MB.

    .venv/bin/python bench/extract_speed.py [--corpus DIR]... [--passes 5] [--runs 10] [--sizes 1,2,4] [--markdown]

(a) Throughput, in process: `extract.extract_events` called directly (taxonomy from config.yaml, each row's own
    publication date) on the corpus rows of kind ``cnews`` (news articles of a few kB), on those of them the
    engine finds an event in (the full reading, without the early stop for articles that name none), and on all
    rows, with the process pinned to one CPU. One warm-up pass over all rows is not counted; then the best of
    --passes passes. The English press releases of the tests (`tests/extract/english`, our own texts) make a row
    of their own: the English reader with dateparser, its parsed phrases forgotten before each pass.
    First-call latency: in a fresh process, the time to import `extract` and build the taxonomy, then the first
    call on a median-size cnews article (whatever the engine loads or compiles lazily), then the same call again.
(b) Ready time: the wall time of ``eventradar extract --jsonl < /dev/null`` (median of --runs runs after one
    run not counted), and the same with one article on stdin (what the engine loads on first use is paid there).
    The bytecode cache is kept in a temporary folder (PYTHONPYCACHEPREFIX), as an installed app starts; one row
    gives the environment as it is (with PYTHONDONTWRITEBYTECODE=1 the project is compiled at every start).
    Beside them the bare interpreter's start, and the packages the command spends its import time in
    (``python -X importtime``, one run: indicative).
(c) Memory: one document made by joining corpus texts to 1, 2 and 4 MB (UTF-8), extracted in a fresh process
    per size; peak RSS during the call (VmHWM, reset just before it) minus RSS before it, per MB of text. Memory
    that grows no faster than the input gives about the same MB per MB at every size.

Targets: >= 300 articles/s on cnews rows and on English releases; ready < 0.3 s; memory per MB of text not growing
with the size.
Corpora are third-party text: they are read from ../shared (``--corpus``), never copied into the project.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tables import table  # bench/tables.py, beside this script

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
# Measure the tree this script sits in, even when another checkout is installed in the venv (editable).
sys.path.insert(0, str(REPO))

TARGET_RATE = 300.0  # articles/s on cnews rows
TARGET_READY = 0.3  # seconds
_IMPORT_RE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( +)(\S+)")


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


def pin_one_cpu(cpu: int | None) -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    chosen = min(os.sched_getaffinity(0)) if cpu is None else cpu
    os.sched_setaffinity(0, {chosen})
    return f"pinned to CPU {chosen}"


def child(argv: Sequence[str]) -> list[str]:
    """argv to run this script in a fresh process, on this interpreter, pinned as we are."""
    return [sys.executable, str(Path(__file__).resolve()), *argv]


def run_child(argv: Sequence[str]) -> dict[str, Any]:
    done = subprocess.run(child(argv), capture_output=True, text=True, cwd=REPO, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-3000:])
        raise SystemExit(f"child {' '.join(argv)} failed (exit {done.returncode})")
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


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


# --- (b) ready time ------------------------------------------------------------------------------------------------


def default_command() -> list[str]:
    script = REPO / ".venv" / "bin" / "eventradar"
    if script.exists():
        return [str(script), "extract", "--jsonl"]
    return [sys.executable, "-c", "from app.cli import entry_point; entry_point()", "extract", "--jsonl"]


def wall(argv: Sequence[str], runs: int, env: dict[str, str] | None = None, stdin: str | None = None) -> list[float]:
    def once() -> None:
        feed: dict[str, Any] = {"input": stdin.encode("utf-8")} if stdin is not None else {"stdin": subprocess.DEVNULL}
        subprocess.run(list(argv), capture_output=True, cwd=REPO, env=env, check=True, **feed)

    once()  # not counted: fills the page cache (and the bytecode cache, when one is written)
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        once()
        samples.append(time.perf_counter() - began)
    return samples


def one_article(corpora: Sequence[Path]) -> str:
    """One --jsonl input line: the median-size cnews article (the one the first-call latency uses)."""
    cnews = sorted((r for r in load_rows(corpora) if r.kind == "cnews"), key=lambda r: len(r.text))
    row = cnews[len(cnews) // 2]
    published = row.published.isoformat() if row.published else None
    return json.dumps({"id": row.id, "text": row.text, "published": published}, ensure_ascii=False) + "\n"


def cached_env(prefix: str) -> dict[str, str]:
    """Our environment with bytecode written to and read from `prefix` (a temporary folder, not the tree)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = prefix
    return env


def importtime_argv(command: Sequence[str]) -> list[str] | None:
    """`command` under ``python -X importtime``, when it is a Python script or an interpreter; else None."""
    first = Path(command[0])
    if first.name.startswith("python"):
        return [command[0], "-X", "importtime", *command[1:]]
    if first.is_file():
        with first.open("rb") as handle:
            head = handle.readline().decode("utf-8", errors="replace")
        if head.startswith("#!") and "python" in head:
            return [head[2:].strip().split()[0], "-X", "importtime", *command]
    return None


def import_costs(argv: Sequence[str], env: dict[str, str]) -> tuple[float, list[tuple[str, float]]]:
    """Seconds of importing in one run of `argv`, and the import time of each top-level package (own time of all
    its modules)."""

    def once() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(argv), stdin=subprocess.DEVNULL, capture_output=True, text=True, cwd=REPO, env=env, check=False
        )

    once()  # writes the bytecode cache
    by_package: Counter[str] = Counter()
    for line in once().stderr.splitlines():
        if m := _IMPORT_RE.match(line):
            by_package[m.group(4).split(".")[0]] += int(m.group(1))
    return sum(by_package.values()) / 1e6, [(name, us / 1e6) for name, us in by_package.most_common()]


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


# --- main ----------------------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (default: ../shared)")
    parser.add_argument(
        "--corpus", type=Path, action="append", help="a corpus folder; repeatable (default: SHARED/corpus)"
    )
    parser.add_argument("--passes", type=int, default=5, help="timed passes per row set; the best counts (default 5)")
    parser.add_argument("--runs", type=int, default=10, help="runs of the command for its ready time (default 10)")
    parser.add_argument("--command", help="the command (default: .venv/bin/eventradar extract --jsonl)")
    parser.add_argument("--sizes", default="1,2,4", help="document sizes in MB for the memory part (default 1,2,4)")
    parser.add_argument("--cpu", type=int, help="the CPU to pin to (default: the first one we may use)")
    parser.add_argument("--skip", action="append", default=[], choices=("throughput", "ready", "memory"))
    parser.add_argument("--markdown", action="store_true", help="print the tables as markdown")
    parser.add_argument("--child", choices=("cold", "memory"), help=argparse.SUPPRESS)
    parser.add_argument("--size-mb", type=float, default=1.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    corpora: list[Path] = [c.resolve() for c in (args.corpus or [args.shared / "corpus"])]
    for corpus in corpora:
        if not (corpus / "index.jsonl").is_file():
            raise SystemExit(f"no corpus at {corpus} (--shared or --corpus)")
    names = [str(c) for c in corpora]
    corpus_args = [item for c in names for item in ("--corpus", c)]

    if args.child == "cold":
        print(json.dumps(cold_child(names)))
        return 0
    if args.child == "memory":
        print(json.dumps(memory_child(names, args.size_mb)))
        return 0

    md: bool = args.markdown
    dont_write = os.environ.get("PYTHONDONTWRITEBYTECODE", "unset")
    print(f"code: {REPO}; corpora: {', '.join(names)}; python {sys.version.split()[0]}; {os.cpu_count()} CPUs")
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if "throughput" not in args.skip:
        pinned = pin_one_cpu(args.cpu)
        rows = load_rows(corpora)
        print()
        print(f"(a) Throughput in process, extract_events called directly, {pinned}, best of {args.passes} passes:")
        headers = ("rows", "best", "median (articles/s)", "text", "per article", "target")
        print(table(headers, throughput(rows, args.passes), md))
        cold = run_child(["--child", "cold", *corpus_args])
        print()
        print(
            table(
                ("fresh process", "time"),
                [
                    ["import extract + build the taxonomy", f"{1000 * cold['import']:.0f} ms"],
                    [f"first call, cnews {cold['id']} ({cold['kb']:.1f} kB)", f"{1000 * cold['first']:.1f} ms"],
                    ["the same call again", f"{1000 * cold['second']:.1f} ms"],
                ],
                md,
            )
        )
    if "ready" not in args.skip:
        command = shlex.split(args.command) if args.command else default_command()
        traced = importtime_argv(command)
        python = traced[0] if traced else sys.executable
        with tempfile.TemporaryDirectory(prefix="extract-speed-pycache-") as prefix:
            env = cached_env(prefix)
            ready = wall(command, args.runs, env)
            one = wall(command, args.runs, env, stdin=one_article(corpora))
            bare = wall([python, "-c", "pass"], args.runs, env)
            total, imports = import_costs(traced, env) if traced else (0.0, [])
        ready_as_is = wall(command, args.runs)

        def row(what: str, samples: list[float], target: str = "") -> list[object]:
            median, best, worst = statistics.median(samples), min(samples), max(samples)
            return [what, f"{median:.3f} s", f"{best:.3f} s", f"{worst:.3f} s", target]

        print()
        print(f"(b) Ready time, wall clock of `{shlex.join(command)} < /dev/null`, median of {args.runs} runs:")
        rows_b = [
            row("extract command ready (bytecode cached)", ready, f"< {TARGET_READY} s"),
            row("the same with one article on stdin (a median cnews one)", one),
            row(f"the same, environment as is (PYTHONDONTWRITEBYTECODE={dont_write})", ready_as_is),
            row("bare interpreter (python -c pass, cached)", bare),
        ]
        print(table(("what", "median", "best", "worst", "target"), rows_b, md))
        if imports:
            print()
            print(
                f"imports of one run of the command (python -X importtime, bytecode cached): {total:.3f} s; "
                "own import time per top-level package:"
            )
            shown = [[name, f"{secs:.3f} s"] for name, secs in imports[:8]]
            print(table(("package", "import time"), shown, md))
    if "memory" not in args.skip:
        sizes = [float(s) for s in args.sizes.split(",") if s.strip()]
        results = [run_child(["--child", "memory", "--size-mb", str(size), *corpus_args]) for size in sizes]
        print()
        print("(c) Memory: one document of joined corpus texts, fresh process per size, peak RSS growth in the call:")
        rows_c = []
        for i, r in enumerate(results):
            previous = results[i - 1] if i else None
            marginal = (
                f"{(r['growth_mb'] - previous['growth_mb']) / (r['mb'] - previous['mb']):.1f}"
                if previous and r["mb"] > previous["mb"]
                else ""
            )
            rows_c.append(
                [
                    f"{r['mb']:.2f} MB",
                    f"{r['growth_mb']:.1f} MB" + ("" if r["exact"] else " (upper bound)"),
                    f"{r['growth_mb'] / r['mb']:.1f}",
                    marginal,
                    f"{r['seconds']:.1f} s",
                    f"{r['mb'] * 1000 / r['seconds']:.0f} kB/s",
                    r["events"],
                ]
            )
        headers_c = ("text", "peak RSS growth", "MB per MB", "MB per added MB", "time", "rate", "events")
        print(table(headers_c, rows_c, md))
        if len(results) > 1:
            first, last = results[0], results[-1]
            ratio = (last["growth_mb"] / last["mb"]) / max(first["growth_mb"] / first["mb"], 1e-9)
            verdict = "no faster than the input" if ratio <= 1.25 else "FASTER than the input"
            print(
                f"MB per MB at {last['mb']:.0f} MB / at {first['mb']:.0f} MB = {ratio:.2f}: memory grows {verdict} "
                "(target: not faster; a ratio up to 1.25 is taken as noise)"
            )
    print()
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
