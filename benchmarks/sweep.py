"""Every claim of every notebook, over seeds and data sets: the claims table.

    python -m benchmarks.sweep                      # seeds 0-4, bundled + stand-in
    python -m benchmarks.sweep --seeds 0 1 --data bundled notebooks/02_*.ipynb

Each notebook is re-run in a fresh kernel with AE_SEED set, on the bundled digits
and on the full-size stand-in (served through keras.datasets.mnist, as real MNIST is
in Colab). The claims the notebooks check with `helpers.claim` are recorded, not
raised (AE_CLAIMS_SOFT), so a failing seed is counted instead of stopping the run.
Nothing is declared here: the notebooks declare their claims, the sweep finds them.
"""

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from helpers import SEED_VAR
from helpers.claims import FILE_VAR, SOFT_VAR
from tools import execute, standin

OUT_DIR = Path(__file__).resolve().parent
SEEDS = (0, 1, 2, 3, 4)
DATA = ("bundled", "standin")
THIN = 0.10  # a claim whose worst case is within 10 % of its threshold is flagged


def run_once(path, seed, data_env=None, preamble=None):
    """Run one notebook; return (claims, seconds, error message or None)."""
    with tempfile.TemporaryDirectory() as tmp:
        claims_file = Path(tmp) / "claims.jsonl"
        env = {SEED_VAR: str(seed), FILE_VAR: str(claims_file), SOFT_VAR: "1"}
        env.update(data_env or {})
        error, seconds = None, None
        try:
            _, seconds, _ = execute.run_notebook(
                path, write=False, env=env, preamble=preamble
            )
        except Exception as err:  # a plain assert or a crash: report, go on
            error = f"{type(err).__name__}: {str(err).strip().splitlines()[-1]}"
        lines = claims_file.read_text().splitlines() if claims_file.exists() else []
    return [json.loads(line) for line in lines], seconds, error


def margin(op, threshold, values):
    """Relative room between the worst value and the threshold (negative: broken)."""
    worst = max(values) if op in ("<", "<=") else min(values)
    room = threshold - worst if op in ("<", "<=") else worst - threshold
    return room / abs(threshold) if threshold else float("inf") if room > 0 else room


def summarise(runs):
    """Claims table rows from {(notebook, seed, data): claims}."""
    table = {}
    for (notebook, seed, data), claims in runs.items():
        for c in claims:
            if c["kind"] != "claim":
                continue
            key = (notebook, c["words"], c["op"], c["threshold"])
            row = table.setdefault(key, {"values": [], "failed": []})
            row["values"].append(c["value"])
            if not c["holds"]:
                row["failed"].append(f"seed {seed}, {data}")
    rows = []
    for (notebook, words, op, threshold), row in table.items():
        values = row["values"]
        m = margin(op, threshold, values)
        rows.append(
            {
                "notebook": notebook,
                "claim": words,
                "threshold": f"{op} {threshold:g}",
                "runs": len(values),
                "min": min(values),
                "median": statistics.median(values),
                "max": max(values),
                "margin": m,
                "flagged": bool(row["failed"]) or m < THIN,
                "failed in": row["failed"],
            }
        )
    return rows


def markdown(rows, errors, seeds, data):
    """The claims table as Markdown."""
    lines = [
        f"Claims checked by `helpers.claim`, over seeds {', '.join(map(str, seeds))} "
        f"and data sets {', '.join(data)} (standin: a 60,000/10,000 stand-in made of "
        "augmented bundled digits, not real MNIST). margin = room between the worst "
        f"run and the threshold, relative to the threshold; flagged below "
        f"{THIN:.0%} or if any run failed.",
        "",
        "| notebook | claim | threshold | runs | min | median | max | margin | "
        "flagged |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        flag = "**yes** " + "; ".join(r["failed in"]) if r["flagged"] else "no"
        lines.append(
            f"| {r['notebook']} | {r['claim']} | {r['threshold']} | {r['runs']} | "
            f"{r['min']:.4g} | {r['median']:.4g} | {r['max']:.4g} | "
            f"{r['margin']:.1%} | {flag} |"
        )
    if errors:
        lines += ["", "Runs that stopped with an error:", ""]
        lines += [f"- {name}: {message}" for name, message in errors.items()]
    return "\n".join(lines) + "\n"


def sweep(paths, seeds=SEEDS, data=DATA):
    """Run every notebook for every seed and data set; return (rows, errors, times)."""
    setups = {"bundled": (None, None)}
    if "standin" in data:
        setups["standin"] = standin.kernel_setup()
    runs, errors, times = {}, {}, {}
    for path in paths:
        for kind in data:
            for seed in seeds:
                claims, seconds, error = run_once(path, seed, *setups[kind])
                runs[(Path(path).name, seed, kind)] = claims
                times[f"{Path(path).name} seed {seed} {kind}"] = seconds
                if error:
                    errors[f"{Path(path).name}, seed {seed}, {kind}"] = error
                print(f"{Path(path).name} seed {seed} {kind}: {seconds} s, {error}")
    return summarise(runs), errors, times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="default: all of notebooks/")
    parser.add_argument("--seeds", nargs="+", type=int, default=list(SEEDS))
    parser.add_argument("--data", nargs="+", choices=DATA, default=list(DATA))
    parser.add_argument("--out", default=str(OUT_DIR), help="folder for claims.md")
    args = parser.parse_args(argv)
    paths = execute.notebook_paths(args.notebooks)
    rows, errors, times = sweep(paths, args.seeds, args.data)
    out = Path(args.out)
    (out / "claims.md").write_text(markdown(rows, errors, args.seeds, args.data))
    (out / "claims.json").write_text(
        json.dumps({"claims": rows, "errors": errors, "seconds": times}, indent=2)
        + "\n"
    )
    print((out / "claims.md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
