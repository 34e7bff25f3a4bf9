"""Reconstruction errors on arrays, the PCA baseline and two probes of codes
(k-nearest neighbours, logistic regression)."""

from dataclasses import dataclass

import numpy as np

from helpers.checks import as_array, as_int

# Keras clips predictions to [EPSILON, 1 - EPSILON] before taking logs
# (keras.config.epsilon()); the hand formula must do the same to agree with it.
EPSILON = 1e-7


def _pair(x, x_hat, unit_range):
    x = as_array(x, "x", unit_range=unit_range)
    x_hat = as_array(x_hat, "x_hat", unit_range=unit_range)
    if x.shape != x_hat.shape:
        raise ValueError(
            f"x and x_hat must have the same shape, got {x.shape} and {x_hat.shape}"
        )
    return x, x_hat


def mse(x, x_hat):
    """Mean squared error per pixel (averaged over every value)."""
    x, x_hat = _pair(x, x_hat, unit_range=False)
    return float(np.mean((x.astype(np.float64) - x_hat) ** 2))


def bce(x, x_hat):
    """Binary crossentropy per pixel, with predictions clipped as Keras clips them.

    The clip happens in the predictions' own precision, as in Keras: in float32,
    1 - 1e-7 rounds to 1 - 2**-23, which caps the cost of a confident mistake.
    """
    x, x_hat = _pair(x, x_hat, unit_range=True)
    dtype = x_hat.dtype if np.issubdtype(x_hat.dtype, np.floating) else np.float64
    low, high = np.array([EPSILON, 1.0 - EPSILON], dtype=dtype)
    p = np.clip(x_hat.astype(dtype), low, high).astype(np.float64)
    x = x.astype(np.float64)
    return float(np.mean(-(x * np.log(p) + (1.0 - x) * np.log(1.0 - p))))


def _flat(x, name):
    x = as_array(x, name, ndim=(2, 3, 4))
    return x.reshape(len(x), -1)


@dataclass(frozen=True)
class PCABaseline:
    """PCA's codes for both splits and its reconstructions of the test split."""

    z_train: np.ndarray
    z_test: np.ndarray
    x_hat: np.ndarray


def _fit_pca(x_train, k, seed):
    from sklearn.decomposition import PCA

    train = _flat(x_train, "x_train")
    k = as_int(k, "k", 1, min(train.shape))
    return PCA(n_components=k, random_state=seed).fit(train), train


def _reconstruct(pca, x, name):
    flat = _flat(x, name)
    if flat.shape[1] != pca.n_features_in_:
        raise ValueError(
            f"x_train and {name} must have the same image size, got "
            f"{pca.n_features_in_} and {flat.shape[1]} values per image"
        )
    z = pca.transform(flat)
    return z, pca.inverse_transform(z).reshape(np.shape(x)).astype(np.float32)


def pca_baseline(x_train, x_test, k, seed=0):
    """Fit PCA with `k` components on x_train and reconstruct x_test with it.

    Args:
        x_train: (n, 28, 28), (n, 28, 28, 1) or (n, d) images to fit the components on.
        x_test: held-out images, same trailing shape.
        k: number of components (code size).
        seed: random state for scikit-learn's solver.

    Returns:
        PCABaseline: z_train (n, k), z_test (m, k), x_hat shaped like x_test.
    """
    pca, train = _fit_pca(x_train, k, seed)
    z_test, x_hat = _reconstruct(pca, x_test, "x_test")
    return PCABaseline(pca.transform(train), z_test, x_hat)


def pca_projector(x_train, k, seed=0):
    """PCA with `k` components fitted once on x_train, to reconstruct many inputs.

    Returns:
        project(x): x's reconstruction from its k PCA components, shaped like x,
        float32; the same as pca_baseline(x_train, x, k, seed).x_hat, without
        fitting again.
    """
    pca, _ = _fit_pca(x_train, k, seed)
    return lambda x: _reconstruct(pca, x, "x")[1]


def _codes_and_labels(z_train, y_train, z_test, y_test):
    z_train = as_array(z_train, "z_train", ndim=2)
    z_test = as_array(z_test, "z_test", ndim=2)
    y_train = as_array(y_train, "y_train", ndim=1)
    y_test = as_array(y_test, "y_test", ndim=1)
    if z_train.shape[1] != z_test.shape[1]:
        raise ValueError(
            "train and test codes must have the same size, got "
            f"{z_train.shape[1]} and {z_test.shape[1]}"
        )
    for z, y, split in ((z_train, y_train, "train"), (z_test, y_test, "test")):
        if len(z) != len(y):
            raise ValueError(f"{split}: {len(z)} codes but {len(y)} labels")
    return z_train, y_train, z_test, y_test


def knn_accuracy(z_train, y_train, z_test, y_test, k=5):
    """Test accuracy of k-nearest neighbours fitted on the train codes."""
    from sklearn.neighbors import KNeighborsClassifier

    z_train, y_train, z_test, y_test = _codes_and_labels(
        z_train, y_train, z_test, y_test
    )
    k = as_int(k, "k", 1, len(z_train))
    knn = KNeighborsClassifier(n_neighbors=k).fit(z_train, y_train)
    return float(knn.score(z_test, y_test))


def logistic_accuracy(z_train, y_train, z_test, y_test):
    """Test accuracy of a logistic regression (on standardised codes) fitted on the
    train codes: how linearly the codes separate the classes."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    z_train, y_train, z_test, y_test = _codes_and_labels(
        z_train, y_train, z_test, y_test
    )
    classifier = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    return float(classifier.fit(z_train, y_train).score(z_test, y_test))
