"""The one line the trainers add for speed: the optimizer built before `fit`.

Notebook 02 says why: without it Keras creates Adam's state inside the first traced
training step and TensorFlow traces the step twice; with it, once, and the trained
weights are the same bit for bit. This checks both statements on a small model, so
that a Keras release that changes either shows up here.
"""

import numpy as np

import helpers
from benchmarks import tracing


def test_building_the_optimizer_first_traces_once_with_the_same_weights():
    seed = helpers.start(seed=0)
    import keras

    x = np.random.default_rng(seed).random((64, 20)).astype("float32")
    traces, weights = {}, {}
    for build in (False, True):
        keras.utils.set_random_seed(seed)
        model = keras.Sequential(
            [keras.Input((20,)), keras.layers.Dense(4), keras.layers.Dense(20)]
        )
        _, traces[build] = tracing.fit(model, x, build=build, epochs=2, batch_size=16)
        weights[build] = model.get_weights()
    assert traces == {False: 2, True: 1}
    for a, b in zip(weights[False], weights[True], strict=True):
        np.testing.assert_array_equal(a, b)
