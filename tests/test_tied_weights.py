"""Notebook 07's tied autoencoder, imported from the notebook: after training, the
decoder still uses the encoder's kernel (one variable, not a copy), and saving and
loading the weights keeps the tie."""

from pathlib import Path

import numpy as np
import pytest

from helpers import lessons

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "07_sparse_tied.ipynb"


@pytest.fixture(scope="module")
def nb07():
    return lessons.load(NOTEBOOK.name, folder=NOTEBOOK.parent)


@pytest.fixture(scope="module")
def trained(nb07):
    import keras

    keras.utils.set_random_seed(0)
    models = nb07.build_tied_autoencoder(latent_dim=16)
    autoencoder = models[0]
    before = numpy(autoencoder.get_layer("encode").kernel)
    x = np.random.default_rng(0).uniform(size=(64, 784)).astype("float32")
    autoencoder.compile(keras.optimizers.Adam(1e-2), "binary_crossentropy")
    autoencoder.fit(x, x, batch_size=16, epochs=2, verbose=0)
    return models, before, x


def numpy(variable):
    import keras

    return keras.ops.convert_to_numpy(variable)


def kernels(model):
    return [w for w in model.trainable_weights if len(w.shape) == 2]


def test_one_kernel_variable(trained):
    (autoencoder, encoder, decoder), _, _ = trained
    assert len(kernels(autoencoder)) == 1
    assert kernels(decoder)[0] is kernels(encoder)[0]
    n_params = 784 * 16 + 16 + 784  # one kernel, two biases
    assert autoencoder.count_params() == n_params


def test_training_moved_the_shared_kernel(trained):
    (autoencoder, *_), before, _ = trained
    after = numpy(autoencoder.get_layer("encode").kernel)
    assert np.abs(after - before).max() > 1e-3


def test_decoder_computes_with_the_transposed_encoder_kernel(trained):
    (autoencoder, encoder, decoder), _, x = trained
    kernel = numpy(autoencoder.get_layer("encode").kernel)
    bias = numpy(autoencoder.get_layer("decode").bias)
    z = encoder.predict(x, verbose=0)
    by_hand = 1 / (1 + np.exp(-(z @ kernel.T + bias)))
    np.testing.assert_allclose(decoder.predict(z, verbose=0), by_hand, atol=1e-5)
    np.testing.assert_allclose(
        autoencoder.predict(x, verbose=0), decoder.predict(z, verbose=0), atol=1e-6
    )


def test_weights_round_trip_keeps_the_tie(nb07, trained, tmp_path):
    (autoencoder, *_), _, x = trained
    path = tmp_path / "tied.weights.h5"
    autoencoder.save_weights(path)
    fresh, fresh_encoder, fresh_decoder = nb07.build_tied_autoencoder(latent_dim=16)
    fresh.load_weights(path)
    np.testing.assert_allclose(
        fresh.predict(x, verbose=0), autoencoder.predict(x, verbose=0), atol=1e-6
    )
    assert kernels(fresh_decoder)[0] is kernels(fresh_encoder)[0]
