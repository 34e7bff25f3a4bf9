"""Threads per TensorFlow operation against training time, on this machine.

    python -m benchmarks.threads            # writes benchmarks/threads.md

Trains notebook 02's dense 784-256-32 autoencoder (02's settings for it) and
notebook 06's convolutional one (06's settings), each in a fresh interpreter with
TF_NUM_INTRAOP_THREADS set, the thread counts interleaved so that a slow spell of
the machine hits all of them alike. helpers.start() picks a count when none is set
(`helpers.default_threads()`); this is the measurement behind that choice.
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from helpers import THREADS_VAR, default_threads

OUT = Path(__file__).resolve().parent / "threads.md"
TRAIN = """
import json, time, helpers
helpers.start(seed=0)
import keras
(x, _), _ = helpers.data.load_mnist(channels=True, source="bundled")
dense = helpers.lessons.load("02_mnist_dense_autoencoder")
conv = helpers.lessons.load("06_convolutional_denoising")
seconds = {}
start = time.perf_counter()
dense.train_autoencoder(x.reshape(len(x), 784), latent_dim=32, hidden=(256,),
    activation="linear", settings=dict(dense.SETTINGS["bce"], lr=2e-3))
seconds["02 dense 784-256-32"] = time.perf_counter() - start
model, _, _ = conv.build_conv_autoencoder()
start = time.perf_counter()
conv.train_images(model, x, x, settings=conv.SETTINGS["conv"])
seconds["06 conv-32"] = time.perf_counter() - start
print(json.dumps(seconds))
"""


def train(threads):
    """Seconds of each training with `threads` per operation, in a fresh interpreter."""
    env = {**os.environ, THREADS_VAR: str(threads), "OMP_NUM_THREADS": str(threads)}
    out = subprocess.run(
        [sys.executable, "-c", TRAIN], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", nargs="+", type=int, default=[1, 2, 4])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    found = {}
    for _ in range(args.repeats):
        for threads in args.threads:
            for name, seconds in train(threads).items():
                found.setdefault(name, {}).setdefault(threads, []).append(seconds)
    cores = os.cpu_count()
    lines = [
        "# Threads per operation against training time",
        "",
        f"Measured {datetime.date.today()} by `python -m benchmarks.threads` on "
        f"{cores} CPU cores: each training {args.repeats} times per count, "
        "interleaved; median seconds (min to max). TensorFlow's own default is one "
        f"thread per core ({cores} here); `helpers.start()` sets "
        f"{default_threads()} here (half the cores) unless {THREADS_VAR} is set.",
        "",
        "| training | " + " | ".join(f"{t} thread(s)" for t in args.threads) + " |",
        "|---" * (len(args.threads) + 1) + "|",
    ]
    for name, by_threads in found.items():
        cells = [
            f"{statistics.median(v):.1f} ({min(v):.1f} to {max(v):.1f})"
            for v in by_threads.values()
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    OUT.write_text("\n".join(lines) + "\n")
    print(OUT.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
