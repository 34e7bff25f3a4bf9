"""Every notebook over seeds and data sets: its claims, its targets and its time.

    python -m benchmarks                          # all notebooks, seeds 0-4, both data
    python -m benchmarks --seeds 0 1 --data bundled notebooks/02_*.ipynb

Each notebook is re-run in a fresh kernel with AE_SEED set, on the bundled digits
and, if it loads MNIST, on the full-size stand-in (served through
keras.datasets.mnist, as real MNIST is in Colab). What the notebooks check with
`helpers.claim` and report with `helpers.target` is recorded, not raised
(AE_CLAIMS_SOFT), so a failing seed is counted instead of stopping the run. Nothing
is declared here: the notebooks declare their claims and targets, the run finds them.
A full run rewrites benchmarks/results.{md,json} and the README's headline results.
Each finished run is journaled (benchmarks/_runs.jsonl, kept after the run); `--resume`
continues a sweep that stopped, and `--redo NOTEBOOK` re-measures one notebook in it.
"""

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks import report
from helpers import SEED_VAR
from helpers.claims import FILE_VAR, OPS, SOFT_VAR
from tools import execute, standin

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "benchmarks"
SEEDS = (0, 1, 2, 3, 4)
DATA = ("bundled", "standin")
JOURNAL = "_runs.jsonl"  # the finished runs of the last sweep, one per line
THIN = 0.10  # a claim whose worst case is within 10 % of its threshold is flagged
# Targets on the notebooks' wall-clock times (seconds on the bundled digits).
SLOWEST, ALL_TOGETHER, FULL_SIZE_FACTOR = 60.0, 300.0, 1.5  # issue 29: < 60, < 300


def run_once(path, seed, data_env=None, preamble=None):
    """Run one notebook; return its records, seconds, peak MB and error (or None)."""
    with tempfile.TemporaryDirectory() as tmp:
        records_file = Path(tmp) / "claims.jsonl"
        env = {SEED_VAR: str(seed), FILE_VAR: str(records_file), SOFT_VAR: "1"}
        env.update(data_env or {})
        error, seconds, peak_mb, cells = None, None, None, []
        try:
            run = execute.run_notebook(path, write=False, env=env, preamble=preamble)
            seconds, peak_mb = run.seconds, run.peak_mb
            labels = cell_labels(path)
            cells = [[index, sec, labels[index]] for index, sec in run.cells]
        except Exception as err:  # a plain assert or a crash: report, go on
            error = _describe(err)
        lines = records_file.read_text().splitlines() if records_file.exists() else []
    records = [json.loads(line) for line in lines]
    return {
        "records": records,
        "seconds": seconds,
        "peak_mb": peak_mb,
        "cells": cells,
        "error": error,
    }


def cell_labels(path):
    """{cell index: its first line of code} of a notebook, for the time profile."""
    import nbformat

    labels = {}
    for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
        lines = [line.strip() for line in cell.source.splitlines()]
        code = [line for line in lines if line and not line.startswith("#")]
        labels[index] = (code or [""])[0][:60]
    return labels


def _describe(err):
    """One line about a failed run: the error, and the source line that raised it."""
    lines = execute.ANSI.sub("", str(err)).strip().splitlines()
    where = [line for line in lines if re.match(r"-+> ", line)]
    at = f" (at: {where[-1].split(maxsplit=2)[-1].strip()})" if where else ""
    return f"{type(err).__name__}: {lines[-1]}{at}"


def _worst(op, values):
    """The value closest to breaking `value op threshold`."""
    return max(values) if op in ("<", "<=") else min(values)


def margin(op, threshold, values):
    """Relative room between the worst value and the threshold (negative: broken)."""
    worst = _worst(op, values)
    room = threshold - worst if op in ("<", "<=") else worst - threshold
    return room / abs(threshold) if threshold else float("inf") if room > 0 else room


def _grouped(runs, kind):
    """{(notebook, words, op, threshold): [(value, holds, where), ...]} of one kind."""
    groups = {}
    for (notebook, seed, data), run in runs.items():
        for r in run["records"]:
            if r["kind"] == kind:
                key = (notebook, r["words"], r["op"], r["threshold"])
                where = f"seed {seed}, {data}"
                groups.setdefault(key, []).append((r["value"], r["holds"], where))
    return groups


def claims_table(runs):
    """One row per claim: its spread over the runs, its margin, whether flagged."""
    rows = []
    for (notebook, words, op, threshold), found in _grouped(runs, "claim").items():
        values = [value for value, _, _ in found]
        failed = [where for _, holds, where in found if not holds]
        room = margin(op, threshold, values)
        rows.append(
            {
                "notebook": notebook,
                "claim": words,
                "threshold": f"{op} {threshold:g}",
                "runs": len(values),
                "min": min(values),
                "median": statistics.median(values),
                "max": max(values),
                "margin": room,
                "flagged": bool(failed) or room < THIN,
                "failed in": failed,
            }
        )
    return rows


def notebook_times(runs):
    """Median seconds and peak MB of each notebook, per data set."""
    times = {}
    for (notebook, _, data), run in runs.items():
        if run["seconds"] is not None:
            entry = times.setdefault(notebook, {}).setdefault(data, [])
            entry.append((run["seconds"], run["peak_mb"]))
    return {
        notebook: {
            data: {
                "seconds": statistics.median(s for s, _ in found),
                "peak_mb": max((mb for _, mb in found if mb), default=None),
            }
            for data, found in per_data.items()
        }
        for notebook, per_data in times.items()
    }


def profile(runs, data="bundled", top=3):
    """Where each notebook's seconds go: its slowest cells (median over the seeds),
    the other cells together, and the rest (kernel start, between cells)."""
    per_notebook = {}
    for (notebook, _, kind), run in runs.items():
        # Runs journaled before the runner timed cells have no "cells": left out.
        if kind == data and run["seconds"] is not None and run.get("cells"):
            per_notebook.setdefault(notebook, []).append(run)
    table = {}
    for notebook, found in per_notebook.items():
        by_cell, labels = {}, {}
        for run in found:
            for index, seconds, label in run["cells"]:
                by_cell.setdefault(index, []).append(seconds)
                labels[index] = label
        median = {i: statistics.median(v) for i, v in by_cell.items()}
        slowest = sorted(median, key=median.get, reverse=True)[:top]
        total = statistics.median(run["seconds"] for run in found)
        table[notebook] = {
            "seconds": total,
            "slowest": [[i, median[i], labels[i]] for i in slowest],
            "other cells": sum(v for i, v in median.items() if i not in slowest),
            "outside cells": total - sum(median.values()),
        }
    return table


def targets_table(runs, times):
    """Targets the notebooks report (worst run), and the collection's time targets."""
    rows = []
    for (notebook, words, op, threshold), found in _grouped(runs, "target").items():
        values = [value for value, _, _ in found]
        words = f"{notebook}: {words} (worst of {len(values)})"
        rows.append((words, _worst(op, values), op, threshold))
    bundled = [t["bundled"]["seconds"] for t in times.values() if "bundled" in t]
    factors = [
        t["standin"]["seconds"] / t["bundled"]["seconds"]
        for t in times.values()
        if {"standin", "bundled"} <= set(t)
    ]
    if bundled:
        rows.append(("slowest notebook, seconds", max(bundled), "<", SLOWEST))
        rows.append(
            ("all notebooks together, seconds", sum(bundled), "<", ALL_TOGETHER)
        )
    if factors:
        rows.append(
            (
                "full-size / bundled seconds, worst notebook",
                max(factors),
                "<=",
                FULL_SIZE_FACTOR,
            )
        )
    return [
        {"target": words, "measured": value, "threshold": f"{op} {threshold:g}",
         "met": bool(OPS[op](value, threshold))}
        for words, value, op, threshold in rows
    ]  # fmt: skip


def sweep(paths, seeds=SEEDS, data=DATA, log=print, journal=None, baseline=None):
    """Run every notebook for each seed and data set: {(name, seed, data): run}.

    With a `journal` file, each finished run is appended to it as one JSON line,
    and runs already in it are kept rather than run again, so a long sweep that
    stops part-way is resumed where it stopped.

    baseline: (folder, seeds, runs) to time an earlier version side by side: just
    before each bundled run of a seed in `seeds`, the notebook of the same name in
    folder/notebooks runs with folder's helpers; runs[(name, seed)] gets its run.
    """
    setups = {"bundled": (None, None)}
    if "standin" in data:
        setups["standin"] = standin.kernel_setup()
    runs, journaled = {}, _read_journal(journal)
    plan = [(path, execute.loads_mnist(path)) for path in paths]  # read once, up front
    for path, loads_mnist in plan:
        for kind in data:
            if kind == "standin" and not loads_mnist:
                continue
            for seed in seeds:
                key = (Path(path).name, seed, kind)
                name = f"{key[0]} seed {seed} {kind}"
                if key in journaled:
                    runs[key] = journaled[key]
                    log(f"{name}: kept from {journal}")
                    continue
                if baseline and kind == "bundled" and seed in baseline[1]:
                    folder, _, before = baseline
                    if (key[0], seed) not in before:
                        env = {"PYTHONPATH": str(folder)}  # its own helpers package
                        old = Path(folder) / "notebooks" / key[0]
                        before[(key[0], seed)] = run_once(old, seed, env)
                        log(f"{name} (baseline): {before[(key[0], seed)]['seconds']} s")
                runs[key] = run = run_once(path, seed, *setups[kind])
                if journal:
                    with open(journal, "a") as f:
                        f.write(_journal_line(key, run))
                log(f"{name}: {run['seconds']} s {run['error'] or ''}")
    return runs


def forget(journal, names):
    """Drop the journaled runs of the notebooks `names`: a resumed sweep redoes them."""
    runs = _read_journal(journal).items()
    kept = [_journal_line(key, run) for key, run in runs if key[0] not in names]
    Path(journal).write_text("".join(kept))


def _journal_line(key, run):
    """One finished run as a line of the journal."""
    return json.dumps({"key": key, "run": run}) + "\n"


def _read_journal(journal):
    """The runs a journal holds: {(name, seed, data): run}; none if it is absent."""
    if not journal or not Path(journal).exists():
        return {}
    runs = {}
    for line in Path(journal).read_text().splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:  # a line cut short when a sweep was killed
            continue
        runs[tuple(entry["key"])] = entry["run"]
    return runs


def machine():
    """CPU and library versions, for the record."""
    import keras
    import numpy
    import sklearn
    import tensorflow

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "tensorflow": tensorflow.__version__,
        "keras": keras.__version__,
        "numpy": numpy.__version__,
        "sklearn": sklearn.__version__,
    }


def before_and_after(before, runs, ref):
    """Median bundled seconds of each notebook: the baseline `ref` against now."""
    rows = {}
    for (notebook, seed), run in before.items():
        rows.setdefault(notebook, []).append((seed, run))
    table = {}
    for notebook, found in rows.items():
        seeds = sorted(seed for seed, _ in found)
        now = [runs[(notebook, seed, "bundled")]["seconds"] for seed in seeds]
        then = [run["seconds"] for _, run in found]
        if None in now or None in then:
            continue
        table[notebook] = {
            "seeds": seeds,
            "before": statistics.median(then),
            "after": statistics.median(now),
            "before errors": [run["error"] for _, run in found if run["error"]],
        }
    return {"ref": ref, "notebooks": table}


def baseline_folder(ref, into):
    """The files of git revision `ref` of this repository, written into `into`."""
    import io
    import subprocess
    import tarfile

    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return Path(into)


def results(runs, seeds, data, baseline=None):
    """Everything one run measured, JSON-ready."""
    times = notebook_times(runs)
    found = {
        "date": datetime.date.today().isoformat(),
        "seeds": list(seeds),
        "data": list(data),
        "machine": machine(),
        "claims": claims_table(runs),
        "targets": targets_table(runs, times),
        "notebooks": times,
        "profile": profile(runs),
        "errors": {
            f"{nb}, seed {seed}, {kind}": run["error"]
            for (nb, seed, kind), run in runs.items()
            if run["error"]
        },
    }
    if baseline:
        found["before and after"] = before_and_after(*baseline)
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="default: all of notebooks/")
    parser.add_argument("--seeds", nargs="+", type=int, default=list(SEEDS))
    parser.add_argument("--data", nargs="+", choices=DATA, default=list(DATA))
    parser.add_argument("--out", default=None, help="folder for results.{md,json}")
    parser.add_argument(
        "--resume", action="store_true", help="keep the runs the last sweep journaled"
    )
    parser.add_argument(
        "--redo",
        nargs="+",
        default=[],
        metavar="NOTEBOOK",
        help="resume, but run these notebooks again (file names, e.g. after a fix)",
    )
    parser.add_argument(
        "--baseline",
        metavar="REF",
        help="also time the notebooks of git revision REF, side by side (bundled)",
    )
    parser.add_argument(
        "--baseline-seeds", nargs="+", type=int, default=[0], metavar="SEED"
    )
    args = parser.parse_args(argv)
    full = not args.notebooks and args.seeds == list(SEEDS) and args.data == list(DATA)
    out = Path(args.out or (OUT_DIR if full else OUT_DIR / "_scratch"))
    out.mkdir(parents=True, exist_ok=True)
    journal = out / JOURNAL
    if args.resume or args.redo:  # rewritten: also drops a line cut short by a kill
        forget(journal, {Path(name).name for name in args.redo})
    else:
        journal.unlink(missing_ok=True)
    paths = execute.notebook_paths(args.notebooks)
    with tempfile.TemporaryDirectory() as tmp:
        baseline = None
        if args.baseline:
            folder = baseline_folder(args.baseline, tmp)
            baseline = (folder, set(args.baseline_seeds), {})
        runs = sweep(paths, args.seeds, args.data, journal=journal, baseline=baseline)
    before = baseline and (baseline[2], runs, args.baseline)
    found = results(runs, args.seeds, args.data, before)
    json_path, md_path = report.write(found, out)
    if full and out == OUT_DIR:
        report.update_readme(ROOT / "README.md", report.headline(found))
    print(md_path.read_text())
    flagged = [row["claim"] for row in found["claims"] if row["flagged"]]
    print(f"wrote {json_path} and {md_path}; flagged claims: {flagged or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
