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
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from speed_in_process import REPO, cold_child, load_rows, memory_child, throughput
from speed_ready import cached_env, default_command, import_costs, importtime_argv, one_article, wall
from tables import table  # bench/tables.py, beside this script

SHARED = REPO.parent / "shared"
# Measure the tree this script sits in, even when another checkout is installed in the venv (editable).
sys.path.insert(0, str(REPO))

TARGET_READY = 0.3  # seconds


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
