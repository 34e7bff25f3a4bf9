"""Notebook 09's VAE, imported from the notebook: the reparameterisation layer, the
loss in nats, and a model whose loss works in fit, evaluate and a save/load round
trip, conditional or not. Tiny models on random pixels: seconds, not minutes."""

from pathlib import Path

import numpy as np
import pytest

from helpers import lessons

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "09_variational_autoencoder.ipynb"


@pytest.fixture(scope="module")
def nb09():
    return lessons.load(NOTEBOOK.name, folder=NOTEBOOK.parent)


def numpy(tensor):
    import keras

    return keras.ops.convert_to_numpy(tensor)


def pixels(n, seed=0):
    """n random grey-level 'images' of 784 pixels in [0, 1]."""
    return np.random.default_rng(seed).uniform(size=(n, 784)).astype("float32")


def one_hot(n, seed=0):
    labels = np.random.default_rng(seed).integers(0, 10, n)
    return np.eye(10, dtype="float32")[labels]


def test_sampling_draws_from_the_encoders_gaussian(nb09):
    sampling = nb09.Sampling(seed=3)
    mean = np.full((20_000, 3), [-1.0, 0.0, 2.0], dtype="float32")
    log_var = np.full((20_000, 3), np.log([0.25, 1.0, 4.0]), dtype="float32")
    z = numpy(sampling([mean, log_var], training=True))
    np.testing.assert_allclose(z.mean(axis=0), [-1, 0, 2], atol=0.05)
    np.testing.assert_allclose(z.std(axis=0), [0.5, 1.0, 2.0], rtol=0.03)


def test_sampling_is_fresh_in_training_and_fixed_at_inference(nb09):
    sampling = nb09.Sampling(seed=0)
    inputs = [np.zeros((5, 2), "float32"), np.zeros((5, 2), "float32")]
    training = [numpy(sampling(inputs, training=True)) for _ in range(2)]
    inference = [numpy(sampling(inputs)) for _ in range(2)]
    assert not np.array_equal(*training)
    np.testing.assert_array_equal(*inference)
    again = numpy(nb09.Sampling(seed=0)(inputs, training=True))
    np.testing.assert_array_equal(again, training[0])  # seeded: repeatable


def test_gradients_flow_through_the_sample_to_mean_and_log_variance(nb09):
    import tensorflow as tf

    mean = tf.Variable(np.ones((4, 2), "float32"))
    log_var = tf.Variable(np.zeros((4, 2), "float32"))
    with tf.GradientTape() as tape:
        z = nb09.Sampling(seed=1)([mean, log_var], training=True)
        total = tf.reduce_sum(z)
    d_mean, d_log_var = tape.gradient(total, [mean, log_var])
    np.testing.assert_allclose(d_mean.numpy(), 1.0)  # dz/dmean = 1
    eps = z.numpy() - 1.0  # sigma = 1, so z - mean is eps
    np.testing.assert_allclose(d_log_var.numpy(), 0.5 * eps, atol=1e-6)


def test_kl_closed_form_against_numpy_and_monte_carlo(nb09):
    rng = np.random.default_rng(0)
    mean = rng.normal(size=(6, 3)).astype("float32")
    log_var = rng.normal(scale=0.5, size=(6, 3)).astype("float32")
    kl = numpy(nb09.gaussian_kl_nats(mean, log_var))
    var = np.exp(log_var)
    by_formula = 0.5 * np.sum(var + mean**2 - 1 - log_var, axis=1)
    np.testing.assert_allclose(kl, by_formula, rtol=1e-5)
    eps = rng.standard_normal((200_000, 6, 3))
    z = mean + np.sqrt(var) * eps
    sampled = np.mean(np.sum(0.5 * (z**2 - log_var - eps**2), axis=-1), axis=0)
    np.testing.assert_allclose(sampled, kl, rtol=0.03, atol=0.01)
    zero = numpy(nb09.gaussian_kl_nats(np.zeros((1, 4)), np.zeros((1, 4))))
    np.testing.assert_allclose(zero, 0.0, atol=1e-7)


def test_reconstruction_is_crossentropy_summed_over_pixels(nb09):
    import keras

    x, x_hat = pixels(3, seed=1), 0.05 + 0.9 * pixels(3, seed=2)
    nats = numpy(nb09.bernoulli_nats(x, x_hat))
    mean_bce = numpy(keras.losses.binary_crossentropy(x, x_hat))  # averaged
    np.testing.assert_allclose(nats, 784 * mean_bce, rtol=1e-4)


@pytest.fixture(scope="module", params=[0, 10], ids=["plain", "conditional"])
def trained(nb09, request):
    import keras

    n_classes = request.param
    keras.utils.set_random_seed(0)
    vae = nb09.VAE(latent_dim=2, beta=0.5, n_classes=n_classes, seed=0)
    x = pixels(100)
    inputs = (x, one_hot(100)) if n_classes else x
    settings = dict(lr=1e-3, num_epochs=2, batch_size=32)
    history = nb09.train_vae(vae, inputs, inputs, settings=settings)
    return vae, inputs, history


def test_fit_reports_loss_and_both_terms_for_training_and_validation(trained):
    _, _, history = trained
    names = {"loss", "reconstruction", "kl"}
    assert set(history.history) == names | {f"val_{n}" for n in names}


def test_evaluate_is_the_per_image_mean_with_an_uneven_last_batch(trained):
    vae, inputs, _ = trained
    result = vae.evaluate(inputs, batch_size=32, verbose=0, return_dict=True)
    x_hat, z_mean, z_log_var = vae.predict(inputs, batch_size=32, verbose=0)
    x = inputs[0] if isinstance(inputs, tuple) else inputs
    p = np.clip(x_hat, 1e-7, 1 - 1e-7)
    reconstruction = -np.sum(x * np.log(p) + (1 - x) * np.log(1 - p), axis=1)
    kl = 0.5 * np.sum(np.exp(z_log_var) + z_mean**2 - 1 - z_log_var, axis=1)
    np.testing.assert_allclose(result["reconstruction"], reconstruction.mean(), 1e-5)
    np.testing.assert_allclose(result["kl"], kl.mean(), rtol=1e-5)
    total = reconstruction.mean() + 0.5 * kl.mean()  # beta = 0.5
    np.testing.assert_allclose(result["loss"], total, rtol=1e-5)


def test_save_and_load_round_trip_exactly(trained, tmp_path):
    import keras

    vae, inputs, _ = trained
    path = tmp_path / "vae.keras"
    vae.save(path)
    loaded = keras.models.load_model(path)
    assert type(loaded) is type(vae)
    assert loaded.settings == vae.settings and loaded.beta == vae.beta
    for before, after in zip(
        vae.predict(inputs, verbose=0), loaded.predict(inputs, verbose=0), strict=True
    ):
        np.testing.assert_array_equal(before, after)
    assert loaded.evaluate(inputs, verbose=0, return_dict=True) == vae.evaluate(
        inputs, verbose=0, return_dict=True
    )
