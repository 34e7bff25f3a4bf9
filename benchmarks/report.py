"""Turn benchmark figures into the Markdown table and JSON file, and into the README."""

import json
import re
from pathlib import Path

README_START = "<!-- results:start -->"
README_END = "<!-- results:end -->"


def _fmt(value, digits=4):
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    return str(value)


def _mb(value):
    return "–" if value is None else f"{value:,.0f} MB"


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_fmt(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def markdown(results):
    """The results as Markdown: targets first, then models, speed and notebook times."""
    meta, memory = results["machine"], results["peak_memory_mb"]
    spread = list(results["deep2d_knn_by_seed"].values())
    parts = [
        f"Measured {results['date']} by `python -m benchmarks` on {meta['cpu_count']} "
        f"CPU cores ({meta['cpu']}), {results['data']['description']}, seed "
        f"{results['seed']}; Python {meta['python']}, TensorFlow {meta['tensorflow']}, "
        f"Keras {meta['keras']}, NumPy {meta['numpy']}, scikit-learn {meta['sklearn']}."
        + (
            " **Quick mode: a tiny slice, the numbers mean nothing.**"
            if results["quick"]
            else ""
        ),
        "",
        "**Targets**",
        "",
        _table(
            ["target", "measured", "threshold", "met"],
            [
                [t["target"], t["measured"], t["threshold"], t["met"]]
                for t in results["targets"]
            ],
        ),
        "",
        "**Models and baselines** (held-out per-pixel errors on the test split; "
        "ratio = "
        "MSE / PCA MSE at the same code size; k-NN = 5-nearest-neighbour accuracy of "
        "the codes)",
        "",
        _table(
            ["model", "settings", "code", "MSE", "BCE", "MSE / PCA", "k-NN", "train s"],
            [
                [
                    m["name"],
                    m["settings"],
                    m["code_dim"],
                    m["mse"],
                    m["bce"],
                    m["pca_ratio"],
                    m["knn"],
                    m["train_seconds"],
                ]
                for m in results["models"]
            ],
        ),
        "",
        "**Seeds**: k-NN accuracy of the deep 2-D codes when the notebook's run is "
        "repeated with other seeds (the notebook and the targets use seed 0)",
        "",
        _table(
            ["seed", *results["deep2d_knn_by_seed"], "min", "mean"],
            [["k-NN", *spread, min(spread), sum(spread) / len(spread)]],
        ),
        "",
        "**Speed**: NumPy against Keras `fit`, same model, batch and epochs, same run",
        "",
        _table(["measure", "value"], [[k, v] for k, v in results["speed"].items()]),
        "",
        "**Notebooks**: execution time through nbclient, fresh kernel each",
        "",
        _table(
            ["notebook", "seconds"], [[n, s] for n, s in results["notebooks"].items()]
        ),
        "",
        f"Peak memory (resident): {_mb(memory['benchmark'])} in the benchmark "
        f"process, {_mb(memory['kernels'])} in the largest notebook kernel.",
    ]
    return "\n".join(parts) + "\n"


def write(results, out_dir):
    """Write results.json and results.md into out_dir; return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / "results.json", out_dir / "results.md"
    json_path.write_text(json.dumps(results, indent=2) + "\n")
    md_path.write_text(markdown(results))
    return json_path, md_path


def update_readme(readme, table_md):
    """Replace what stands between the README's results markers with `table_md`."""
    readme = Path(readme)
    text = readme.read_text()
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.S)
    if not pattern.search(text):
        raise ValueError(f"{readme} has no {README_START} ... {README_END} section")
    block = f"{README_START}\n{table_md}{README_END}"
    readme.write_text(pattern.sub(lambda _: block, text))
