"""Notebook 05's hand-written backward pass, imported from the notebook, against
central finite differences of its loss, on a small network in float64."""

from pathlib import Path

import numpy as np
import pytest

from helpers import lessons

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "05_numpy_autoencoder.ipynb"


@pytest.fixture(scope="module")
def nb05():
    return lessons.load(NOTEBOOK.name, folder=NOTEBOOK.parent)


def finite_difference(nb05, params, x, name, eps=1e-6):
    """Central differences of the loss with respect to every entry of params[name]."""
    grad = np.zeros_like(params[name])
    for index in np.ndindex(grad.shape):
        saved = params[name][index]
        losses = []
        for shift in (eps, -eps):
            params[name][index] = saved + shift
            losses.append(nb05.bce_from_logits(x, nb05.forward(params, x)["z2"]))
        params[name][index] = saved
        grad[index] = (losses[0] - losses[1]) / (2 * eps)
    return grad


def relative_error(a, b):
    return np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b))


@pytest.fixture(scope="module")
def case(nb05):
    rng = np.random.default_rng(0)
    params = nb05.init_params(n_in=12, latent_dim=4, seed=1, dtype=np.float64)
    for name in ("b1", "b2"):  # nonzero biases, so their gradients are tested too
        params[name] += rng.normal(0, 0.1, params[name].shape)
    x = rng.uniform(0, 1, (5, 12))
    return params, x, nb05.backward(params, x, nb05.forward(params, x))


@pytest.mark.parametrize("name", ["W1", "b1", "W2", "b2"])
def test_backward_matches_finite_differences(nb05, case, name):
    params, x, grads = case
    assert grads[name].shape == params[name].shape
    numeric = finite_difference(nb05, params, x, name)
    assert relative_error(grads[name], numeric) < 1e-7


def test_the_check_catches_a_wrong_gradient(nb05, case):
    """The same comparison fails for the classic slip of a flipped sign in one layer."""
    params, x, grads = case
    numeric = finite_difference(nb05, params, x, "W1")
    assert relative_error(-grads["W1"], numeric) > 0.5
    assert relative_error(2 * grads["W1"], numeric) > 0.1
