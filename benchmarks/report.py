"""Turn benchmark figures into the Markdown table and JSON file, and into the README."""

import json
import re
from pathlib import Path

README_START = "<!-- results:start -->"
README_END = "<!-- results:end -->"
RESULTS_LINK = "benchmarks/results.md"  # the full tables, from the README


def _complement(low, mid, high):
    """1 - x for a claim stated as a shortfall (misranked pairs, misread digits)."""
    return 1 - high, 1 - mid, 1 - low


# The README's headline results: (what it shows, notebook, the claim's words, how
# the claim's figure becomes the one shown). Each is a claim the sweep measured.
HEADLINE = [
    ("held-out MSE, 32-number autoencoder / PCA-32",
     "02_mnist_dense_autoencoder.ipynb", "32-d autoencoder MSE / PCA-32 MSE", None),
    ("k-NN accuracy of a deep autoencoder's 2-D codes",
     "03_deep_autoencoder_latent_space.ipynb", "deep 2-D autoencoder k-NN accuracy",
     None),
    ("held-out MSE, convolutional / dense, both 32 numbers",
     "06_convolutional_denoising.ipynb", "conv-32 MSE / dense-32 MSE", None),
    ("denoising, Gaussian noise std 0.5: PSNR gain over the best classical "
     "filter, dB", "06_convolutional_denoising.ipynb",
     "Gaussian 0.5: denoiser minus best baseline, dB", None),
    ("anomaly detection: mean AUROC over ten one-class MNIST tasks",
     "08_anomaly_detection.ipynb", "autoencoder: misranked pairs, 1 - mean AUROC",
     _complement),
    ("conditional VAE: share of draws a classifier reads as the digit asked for",
     "09_variational_autoencoder.ipynb",
     "conditional VAE: requested digit not recognised", _complement),
]  # fmt: skip


def _fmt(value, digits=4):
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    return str(value)


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_fmt(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def markdown(results):
    """The results as Markdown: claims, targets, notebook times, errors."""
    meta = results["machine"]
    seeds = ", ".join(map(str, results["seeds"]))
    parts = [
        f"Measured {results['date']} by `python -m benchmarks` on {meta['cpu_count']} "
        f"CPU cores ({meta['cpu']}); Python {meta['python']}, TensorFlow "
        f"{meta['tensorflow']}, Keras {meta['keras']}, NumPy {meta['numpy']}, "
        f"scikit-learn {meta['sklearn']}. Every notebook ran with seeds {seeds} on "
        f"the data sets {', '.join(results['data'])} (bundled: the 4,000/1,000 "
        "offline digits; standin: a 60,000/10,000 stand-in for real MNIST, made of "
        "distorted bundled digits and served through `keras.datasets.mnist`, of "
        "which each notebook takes the subset it states, by default the first "
        "4,000/1,000).",
        "",
        "**Claims** checked in the notebooks by `helpers.claim`: their spread over "
        "all runs. margin = room between the worst run and the threshold, relative "
        "to the threshold; flagged below 10 % or if any run failed.",
        "",
        _table(
            [
                "notebook",
                "claim",
                "threshold",
                "runs",
                "min",
                "median",
                "max",
                "margin",
                "flagged",
            ],
            [
                [
                    c["notebook"],
                    c["claim"],
                    c["threshold"],
                    c["runs"],
                    c["min"],
                    c["median"],
                    c["max"],
                    f"{c['margin']:.0%}",
                    "**yes** " + "; ".join(c["failed in"]) if c["flagged"] else "no",
                ]
                for c in results["claims"]
            ],
        ),  # fmt: skip
        "",
        "**Targets** (speed; reported by the notebooks with `helpers.target`, and "
        "the notebooks' times below)",
        "",
        _table(
            ["target", "measured", "threshold", "met"],
            [
                [t["target"], t["measured"], t["threshold"], t["met"]]
                for t in results["targets"]
            ],
        ),  # fmt: skip
        "",
        "**Notebooks**: median seconds over the seeds (fresh kernel each) and peak "
        "kernel memory",
        "",
        _table(
            ["notebook", "bundled s", "stand-in s", "peak MB"],
            [
                [
                    name,
                    t.get("bundled", {}).get("seconds"),
                    t.get("standin", {}).get("seconds"),
                    max((d["peak_mb"] or 0 for d in t.values()), default=None),
                ]
                for name, t in results["notebooks"].items()
            ],
        ),  # fmt: skip
    ]
    if results.get("profile"):
        parts += ["", *profile_markdown(results["profile"])]
    if results.get("before and after", {}).get("notebooks"):  # none timed: no table
        parts += ["", *before_after_markdown(results["before and after"])]
    errors = results["errors"]
    parts += [
        "",
        "**Runs that stopped with an error**: " + ("none" if not errors else ""),
    ]
    parts += [f"- {where}: {message}" for where, message in errors.items()]
    return "\n".join(parts) + "\n"


def profile_markdown(profile):
    """Where the seconds go: each notebook's three slowest cells and the rest."""
    rows = []
    for notebook, p in profile.items():
        slowest = "; ".join(
            f"cell {index} `{label}` {seconds:.1f} s"
            for index, seconds, label in p["slowest"]
        )
        rows.append(
            [notebook, p["seconds"], slowest, p["other cells"], p["outside cells"]]
        )
    return [
        "**Where the seconds go** (bundled digits, median seconds over the seeds): "
        "the three slowest code cells (by index in the file, with their first line "
        "of code), all other cells together, and the time outside cells (kernel "
        "start, messages between cells).",
        "",
        _table(
            ["notebook", "seconds", "slowest cells", "other cells", "outside"], rows
        ),
    ]


def before_and_after_rows(before_after):
    """[notebook, before, after, after / before] rows, and a total row."""
    table = before_after["notebooks"]
    rows = [
        [name, t["before"], t["after"], f"{t['after'] / t['before']:.2f}"]
        for name, t in table.items()
    ]
    if table:
        before = sum(t["before"] for t in table.values())
        after = sum(t["after"] for t in table.values())
        rows.append(["all together", before, after, f"{after / before:.2f}"])
    return rows


def before_after_markdown(before_after):
    """The baseline's times beside the current ones, measured in the same run."""
    seeds = sorted({s for t in before_after["notebooks"].values() for s in t["seeds"]})
    errors = [
        f"- {name}: {'; '.join(t['before errors'])}"
        for name, t in before_after["notebooks"].items()
        if t["before errors"]
    ]
    return [
        f"**Before and after**: the notebooks of `{before_after['ref']}` (before) "
        "timed in this same run, each just before the current one (after), on the "
        f"bundled digits with seeds {', '.join(map(str, seeds))}: median seconds.",
        "",
        _table(
            ["notebook", "before s", "after s", "after / before"],
            before_and_after_rows(before_after),
        ),
        *errors,
    ]


def headline(results):
    """The README's short table: a few results, each with its spread over the runs."""
    claims = {(c["notebook"], c["claim"]): c for c in results["claims"]}
    rows = []
    for shown, notebook, words, change in HEADLINE:
        if (notebook, words) not in claims:
            raise ValueError(f"no claim {words!r} of {notebook} in these results")
        c = claims[(notebook, words)]
        low, mid, high = (change or (lambda *v: v))(c["min"], c["median"], c["max"])
        link = f"[{notebook[:2]}](notebooks/{notebook})"
        rows.append([link, shown, f"{mid:.3g}", f"{low:.3g} to {high:.3g}", c["runs"]])
    seeds = ", ".join(map(str, results["seeds"]))
    return (
        _table(["notebook", "result", "median", "range", "runs"], rows)
        + f"\n\nMeasured {results['date']} by `python -m benchmarks`: seeds {seeds}, "
        "each on the bundled digits and on the full-size stand-in, on "
        f"{results['machine']['cpu_count']} CPU cores. "
        f"Every claim with its threshold and margin, the speed targets and each "
        f"notebook's time: [{RESULTS_LINK}]({RESULTS_LINK}).\n"
    )


def write(results, out_dir):
    """Write results.json and results.md into out_dir; return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / "results.json", out_dir / "results.md"
    json_path.write_text(json.dumps(results, indent=2) + "\n")
    md_path.write_text(markdown(results))
    return json_path, md_path


def update_readme(readme, table_md):
    """Replace what stands between the README's results markers with `table_md`
    (the headline table of a full run)."""
    readme = Path(readme)
    text = readme.read_text()
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.S)
    if not pattern.search(text):
        raise ValueError(f"{readme} has no {README_START} ... {README_END} section")
    block = f"{README_START}\n{table_md}{README_END}"
    readme.write_text(pattern.sub(lambda _: block, text))
