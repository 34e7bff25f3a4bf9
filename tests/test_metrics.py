"""helpers.metrics and helpers.checks: errors on arrays, PCA baseline, k-NN probe."""

import numpy as np
import pytest

from helpers import metrics
from helpers.checks import as_array, as_int


@pytest.fixture
def images():
    rng = np.random.default_rng(0)
    return rng.uniform(0, 1, (6, 28, 28)).astype(np.float32)


def test_mse_by_definition(images):
    assert metrics.mse(images, images) == 0.0
    assert metrics.mse(np.zeros((2, 3)), np.full((2, 3), 0.5)) == pytest.approx(0.25)
    # works on centred data too: no [0, 1] requirement
    assert metrics.mse(images - 0.5, images) == pytest.approx(0.25)


def test_bce_matches_keras_including_its_clipping(images):
    keras = pytest.importorskip("keras")
    pred = np.clip(images[::-1], 0, 1)
    pred[0, 0, :5] = [0.0, 1.0, 1e-9, 1 - 1e-9, 0.5]  # values the clip changes
    expected = float(keras.ops.mean(keras.losses.binary_crossentropy(images, pred)))
    assert metrics.bce(images, pred) == pytest.approx(expected, rel=1e-5)


def test_bce_of_hard_mistakes_is_bounded_by_the_clip():
    # a certain, wrong prediction costs -log(1e-7) = 16.1 nats, not infinity
    assert metrics.bce(np.ones(4), np.zeros(4)) == pytest.approx(
        -np.log(1e-7), rel=1e-6
    )
    # in float32, 1 - 1e-7 rounds to 1 - 2**-23: the cap is -log(2**-23) = 15.9
    zeros32 = np.zeros(4, dtype=np.float32)
    assert metrics.bce(zeros32, zeros32 + 1) == pytest.approx(23 * np.log(2), rel=1e-6)


@pytest.mark.parametrize("fn", [metrics.mse, metrics.bce])
def test_bad_inputs_name_what_was_expected(fn, images):
    with pytest.raises(ValueError, match="same shape"):
        fn(images, images[:3])
    with pytest.raises(TypeError, match="must hold real numbers, got dtype <U1"):
        fn(np.array(["a"]), np.array(["b"]))
    with pytest.raises(TypeError, match="must be an array, got str"):
        fn("abc", images)
    bad = images.copy()
    bad[0, 0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        fn(images, bad)


def test_bce_needs_unit_range(images):
    with pytest.raises(ValueError, match=r"x_hat must lie in \[0, 1\], got values in"):
        metrics.bce(images, images + 0.5)


def test_checks():
    assert as_int(np.int64(3), "k", 1, 5) == 3
    with pytest.raises(TypeError, match="k must be an int, got bool"):
        as_int(True, "k")
    with pytest.raises(ValueError, match="k must be at least 1, got 0"):
        as_int(0, "k", 1)
    with pytest.raises(ValueError, match="z must be a 2-D array, got shape"):
        as_array(np.zeros(3), "z", ndim=2)
    with pytest.raises(ValueError, match="must not be empty"):
        as_array(np.zeros((0, 2)), "z")
    with pytest.raises(TypeError, match="got dtype bool"):
        as_array(np.ones(2, dtype=bool), "z")


@pytest.fixture(scope="module")
def digits():
    from helpers.data import load_mnist

    return load_mnist("bundled", flatten=True, n_train=1000, n_test=300)


def test_pca_baseline_improves_with_k_and_keeps_shapes(digits):
    errors = []
    for k in (2, 8, 32):
        base = metrics.pca_baseline(digits.x_train, digits.x_test, k)
        assert base.z_train.shape == (1000, k) and base.z_test.shape == (300, k)
        assert base.x_hat.shape == digits.x_test.shape
        errors.append(metrics.mse(digits.x_test, base.x_hat))
    assert errors[0] > errors[1] > errors[2]
    square = metrics.pca_baseline(
        digits.x_train.reshape(-1, 28, 28), digits.x_test.reshape(-1, 28, 28), 4
    )
    assert square.x_hat.shape == (300, 28, 28)
    flat = metrics.pca_baseline(digits.x_train, digits.x_test, 4)
    channels = metrics.pca_baseline(
        digits.x_train.reshape(-1, 28, 28, 1), digits.x_test.reshape(-1, 28, 28, 1), 4
    )  # images as convolution layers take them: the same fit, the same shape back
    assert channels.x_hat.shape == (300, 28, 28, 1)
    np.testing.assert_allclose(channels.x_hat.reshape(300, 784), flat.x_hat, atol=1e-5)
    assert metrics.mse(digits.x_test.reshape(-1, 28, 28, 1), channels.x_hat) == (
        pytest.approx(metrics.mse(digits.x_test, flat.x_hat), rel=1e-5)
    )


def test_pca_projector_reconstructs_as_pca_baseline_without_refitting(digits):
    project = metrics.pca_projector(digits.x_train, 8)
    for x in (digits.x_test, digits.x_train[:50]):
        expected = metrics.pca_baseline(digits.x_train, x, 8).x_hat
        np.testing.assert_array_equal(project(x), expected)
    images = digits.x_test.reshape(-1, 28, 28, 1)  # any shape of the same images
    assert project(images).shape == images.shape
    with pytest.raises(ValueError, match="same image size"):
        project(digits.x_test[:, :100])


def test_pca_baseline_bad_inputs(digits):
    with pytest.raises(ValueError, match="k must be between 1 and 784, got 785"):
        metrics.pca_baseline(digits.x_train, digits.x_test, 785)
    with pytest.raises(ValueError, match="same image size"):
        metrics.pca_baseline(digits.x_train, digits.x_test[:, :100], 2)
    with pytest.raises(ValueError, match="must be a 2-D or 3-D or 4-D array"):
        metrics.pca_baseline(digits.x_train[0], digits.x_test, 2)


def three_clusters(rng):
    """90 2-D codes in three tight, far-apart clusters, and their labels."""
    labels = np.repeat(np.arange(3), 30)
    centres = np.array([[0, 0], [10, 0], [0, 10]])
    return centres[labels] + rng.normal(0, 0.5, (90, 2)), labels


def test_knn_accuracy_separates_separable_codes():
    rng = np.random.default_rng(0)
    z, labels = three_clusters(rng)
    assert metrics.knn_accuracy(z, labels, z + 0.1, labels) == 1.0
    noise = rng.normal(0, 1, (90, 2))
    assert metrics.knn_accuracy(noise, labels, noise[::-1], labels) < 0.7
    with pytest.raises(ValueError, match="test: 89 codes but 90 labels"):
        metrics.knn_accuracy(z, labels, z[:89], labels)
    with pytest.raises(ValueError, match="same size"):
        metrics.knn_accuracy(z, labels, np.zeros((90, 3)), labels)
    with pytest.raises(ValueError, match="k must be between 1 and 90"):
        metrics.knn_accuracy(z, labels, z, labels, k=91)


def test_logistic_accuracy_needs_linearly_separable_codes():
    rng = np.random.default_rng(0)
    z, labels = three_clusters(rng)
    assert metrics.logistic_accuracy(z, labels, z + 0.1, labels) == 1.0
    # A ring around a blob: k-NN separates it, a linear classifier cannot.
    angle = rng.uniform(0, 2 * np.pi, 200)
    ring = np.c_[np.cos(angle), np.sin(angle)] * 5
    blob = rng.normal(0, 0.5, (200, 2))
    codes, classes = np.r_[ring, blob], np.repeat([0, 1], 200)
    assert metrics.knn_accuracy(codes, classes, codes, classes) > 0.95
    assert metrics.logistic_accuracy(codes, classes, codes, classes) < 0.8
    with pytest.raises(ValueError, match="test: 89 codes but 90 labels"):
        metrics.logistic_accuracy(z, labels, z[:89], labels)
