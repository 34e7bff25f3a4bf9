"""Shared pieces of the autoencoder notebooks: data, plots, metrics and start-up.

Importing this package never imports TensorFlow; `start()` prepares the
environment so that the TensorFlow imported afterwards is quiet and seeded.
"""

import contextlib
import os
import random
import sys

import numpy as np

from helpers import data, metrics, plots
from helpers.checks import as_int

__all__ = ["data", "metrics", "plots", "start", "TF_QUIET_ENV"]

# TensorFlow reads these when it is first imported, so they must be set before.
TF_QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}


def start(seed=0, determinism=True):
    """Quiet TensorFlow's logs, seed Python/NumPy/Keras and set small plot defaults.

    Call it at the top of a notebook, before `import keras` or `import tensorflow`.
    """
    seed = as_int(seed, "seed", 0)
    os.environ.update(TF_QUIET_ENV)
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

    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "figure.figsize": (6.0, 4.0),
            "figure.dpi": 72,
            "savefig.dpi": 72,
            "font.size": 10,
            "axes.titlesize": 11,
            "image.cmap": "gray",
        }
    )


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
