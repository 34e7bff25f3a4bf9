"""Shared pieces of the autoencoder notebooks: data, plots, metrics and start-up.

Importing this package never imports TensorFlow; `start()` prepares the
environment so that the TensorFlow imported afterwards is quiet and seeded.
"""

import contextlib
import os
import random
import sys

import numpy as np

from helpers import data, lessons, metrics, plots
from helpers.checks import as_int
from helpers.claims import claim, target

__all__ = [
    "data",
    "lessons",
    "metrics",
    "plots",
    "start",
    "claim",
    "target",
    "TF_QUIET_ENV",
    "THREADS_VAR",
    "default_threads",
]

# TensorFlow reads these when it is first imported, so they must be set before.
TF_QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}
SEED_VAR = "AE_SEED"  # replaces the notebook's seed, e.g. AE_SEED=3 (seed sweeps)
MAX_SEED = 2**32 - 1  # what NumPy's and Python's seeding accept
THREADS_VAR = "TF_NUM_INTRAOP_THREADS"  # threads per operation; a caller's value wins


def default_threads():
    """Threads per TensorFlow operation when the caller set none: half the cores.

    TensorFlow's default runs as many operations at once as there are cores, each
    on as many threads as there are cores. For the small models here that is more
    threads than cores: on 2 cores, with one thread per operation notebook 08 ran
    in 38 s instead of 51 and 09 in 59 s instead of 70 (benchmarks/threads.md).
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return max(1, (cores or os.cpu_count() or 1) // 2)


def start(seed=0, determinism=True):
    """Quiet TensorFlow's logs, seed Python/NumPy/Keras and set plot defaults.

    Call it at the top of a notebook, before `import keras` or `import tensorflow`.
    The environment variable AE_SEED, if set, replaces `seed`. Unless
    TF_NUM_INTRAOP_THREADS is set, TensorFlow gets `default_threads()` per operation.

    Returns:
        int: the seed in use; pass it on (`keras.utils.set_random_seed(SEED)`).
    """
    seed = as_int(seed, "seed", 0, MAX_SEED)
    override = os.environ.get(SEED_VAR, "").strip()
    if override:
        if not override.isdigit() or int(override) > MAX_SEED:
            raise ValueError(
                f"{SEED_VAR} must be an integer between 0 and {MAX_SEED}, "
                f"got {override!r}"
            )
        seed = int(override)
    os.environ.update(TF_QUIET_ENV)
    os.environ.setdefault(THREADS_VAR, str(default_threads()))  # read at TF start-up
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 - the legacy global state readers may use

    with _c_stderr_silenced():  # CUDA-probe lines written below Python, at import
        import keras  # imported here, after the environment above is in place
        import tensorflow as tf

        tf.config.list_physical_devices()
    # Notebooks train several small models; TensorFlow's notes on re-tracing them
    # (with memory addresses) would otherwise land in the stored outputs.
    tf.get_logger().setLevel("ERROR")

    keras.utils.set_random_seed(seed)
    if determinism:
        tf.config.experimental.enable_op_determinism()
    plots.set_defaults()
    return seed


@contextlib.contextmanager
def _c_stderr_silenced():
    """Send file descriptor 2 to /dev/null: TensorFlow's C++ start-up lines ignore
    TF_CPP_MIN_LOG_LEVEL and would otherwise land in notebooks as stderr."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
