"""tools.standin: the full-size MNIST stand-in, its cache file and the Keras patch."""

import os

import numpy as np
import pytest
from scipy import ndimage

from helpers.data import _load_bundled, load_mnist
from tools import standin


@pytest.fixture(scope="module")
def bundled():
    return _load_bundled()


@pytest.fixture(scope="module")
def built():
    """The seed-0 stand-in, with the source index of every image (built once)."""
    return standin._standin(0)


@pytest.fixture(scope="module")
def cached(built, tmp_path_factory):
    """standin_path() in a fresh folder, fed the arrays built above (not rebuilt)."""
    (x_train, y_train, _), (x_test, y_test, _) = built
    arrays = (x_train, y_train), (x_test, y_test)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(standin, "make_standin", lambda seed=0: arrays)
        return standin.standin_path(tmp_path_factory.mktemp("standin"))


def test_shapes_dtypes_and_balance(built):
    (x_train, y_train, _), (x_test, y_test, _) = built
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype("uint8")}
    assert np.bincount(y_train).tolist() == [6000] * 10
    assert np.bincount(y_test).tolist() == [1000] * 10
    assert x_train.min() == 0 and x_train.max() >= 250
    assert not np.array_equal(y_train[:100], np.sort(y_train[:100]))  # shuffled


def _correlation(a, b):
    """Per-pair correlation of slightly blurred images (tolerates small shifts)."""
    a, b = (
        ndimage.gaussian_filter(x.astype(np.float32), (0, 1, 1)).reshape(len(x), -1)
        for x in (a, b)
    )
    a, b = a - a.mean(1, keepdims=True), b - b.mean(1, keepdims=True)
    return (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)


def test_each_split_comes_from_its_own_bundled_split(built, bundled):
    splits = zip(built, bundled, (15, 10), strict=True)  # (train, test)
    for (x, y, source), (x_src, y_src), uses in splits:
        assert source.min() >= 0 and source.max() < len(x_src)
        # every bundled digit of the split used equally often, with its own label
        counts = np.bincount(source, minlength=len(x_src))
        assert counts.min() == counts.max() == uses
        np.testing.assert_array_equal(y, y_src[source])
        # each image really is a mildly distorted copy of its recorded source
        own = _correlation(x[:5000], x_src[source[:5000]])
        other = _correlation(x[:5000], x_src[np.roll(source[:5000], 1)])
        assert own.mean() > 0.65 and own.mean() > other.mean() + 0.2
    # a test image does not match the bundled *train* digit of the same index
    (x_test, _, test_source), ((x_train_src, _), _) = built[1], bundled
    assert _correlation(x_test, x_train_src[test_source]).mean() < 0.5


def test_augment_records_the_source_of_each_image(bundled, monkeypatch):
    # With every distortion switched off, each output is exactly its source.
    for name, value in [
        ("MAX_ROTATION", 0.0),
        ("SCALE", (1.0, 1.0)),
        ("MAX_SHEAR", 0.0),
        ("MAX_SHIFT", 0.0),
        ("ELASTIC_ALPHA", 0.0),
        ("TONE", (0.0, 255.0)),
        ("STROKE_RANK", 1),
        ("CHUNK", 7),  # several chunks
    ]:
        monkeypatch.setattr(standin, name, value)
    (x, y), _ = bundled
    out, labels, source = standin._augment(x[:60], y[:60], 40, np.random.default_rng(3))
    np.testing.assert_array_equal(out, x[:60][source])
    np.testing.assert_array_equal(labels, y[:60][source])
    assert labels.dtype == np.uint8 and np.bincount(labels).tolist() == [4] * 10
    with pytest.raises(ValueError, match="multiple of 10"):
        standin._augment(x[:60], y[:60], 15, np.random.default_rng(3))


def test_augment_is_deterministic_for_a_seed(bundled):
    (x, y), _ = bundled

    def run(seed):
        return standin._augment(x[:100], y[:100], 50, np.random.default_rng(seed))

    first, again, other = run(0), run(0), run(1)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], other[0])
    assert not np.array_equal(first[2], other[2])


def test_ink_statistics_are_those_of_the_bundled_digits(built, bundled):
    for (x, _, _), (x_src, _) in zip(built, bundled, strict=True):
        assert x.mean() == pytest.approx(x_src.mean(), rel=0.05)
        assert (x == 0).mean() == pytest.approx((x_src == 0).mean(), rel=0.05)
        assert (x >= 128).mean() == pytest.approx((x_src >= 128).mean(), rel=0.05)


def test_make_standin_returns_keras_format_without_sources(monkeypatch):
    fake = ((np.zeros(1), np.ones(1), "src"), (np.zeros(2), np.ones(2), "src"))
    monkeypatch.setattr(standin, "_standin", lambda seed: fake)
    (x_train, y_train), (x_test, y_test) = standin.make_standin(5)
    assert (len(x_train), len(y_train), len(x_test), len(y_test)) == (1, 1, 2, 2)


def _tiny():
    x = np.full((10, 28, 28), 7, np.uint8)
    y = np.arange(10, dtype=np.uint8)
    return (x, y), (x[:2], y[:2])


def test_standin_path_writes_once_atomically_and_reuses(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(
        standin, "make_standin", lambda seed=0: calls.append(seed) or _tiny()
    )
    monkeypatch.setenv("AE_STANDIN_DIR", str(tmp_path / "env"))
    path = standin.standin_path()
    assert path == tmp_path / "env" / standin.FILE_NAME
    assert f"v{standin.VERSION}" in path.name and path.suffix == ".npz"
    assert standin.standin_path() == path and calls == [0]  # reused, not rebuilt
    assert os.listdir(path.parent) == [path.name]  # no temporary file left
    with np.load(path) as f:
        assert sorted(f.files) == ["x_test", "x_train", "y_test", "y_train"]
        assert f["x_train"].shape == (10, 28, 28) and f["y_test"].dtype == np.uint8
    # an explicit folder wins over the variable; without either, ~/.cache is used
    assert standin.standin_path(tmp_path / "arg").parent == tmp_path / "arg"
    monkeypatch.delenv("AE_STANDIN_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    expected = tmp_path / "home" / ".cache" / "autoencoder-notebooks"
    assert standin.standin_path() == expected / standin.FILE_NAME


def test_failed_write_leaves_no_file(tmp_path, monkeypatch):
    monkeypatch.setattr(standin, "make_standin", lambda seed=0: _tiny())

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez_compressed", broken)
    with pytest.raises(OSError, match="disk full"):
        standin.standin_path(tmp_path)
    assert os.listdir(tmp_path) == []


def test_preamble_makes_keras_load_the_standin(cached, built, monkeypatch):
    import keras
    import keras.src.datasets.mnist as keras_mnist

    # restored after the test, whatever the cell sets
    monkeypatch.setattr(keras_mnist, "get_file", keras_mnist.get_file)
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "0")
    monkeypatch.setenv("TF_ENABLE_ONEDNN_OPTS", "1")

    cell = standin.preamble(cached)
    assert cell.index("TF_CPP_MIN_LOG_LEVEL") < cell.index("import keras")
    assert "STAND-IN" in cell and len(cell.splitlines()) <= 10
    exec(cell, {})
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3"
    assert os.environ["TF_ENABLE_ONEDNN_OPTS"] == "0"

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    assert x_train.shape == (60000, 28, 28) and x_train.dtype == np.uint8
    assert x_test.shape == (10000, 28, 28) and y_test.dtype == np.uint8
    np.testing.assert_array_equal(x_train, built[0][0])
    np.testing.assert_array_equal(y_test, built[1][1])

    data = load_mnist(source="keras", flatten=True)
    assert data.source == "keras"
    assert data.x_train.shape[1:] == (784,) and data.x_test.shape[1:] == (784,)
    assert data.x_train.dtype == np.float32 and 0 <= data.x_train.min()
    assert data.x_train.max() <= 1
