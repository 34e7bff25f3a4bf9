"""What building the optimizer before `fit` saves: `python -m benchmarks.tracing`.

Keras (3.x, TensorFlow backend, no distribution strategy) creates the optimizer's
state, Adam's two running averages per weight, inside the first traced training
step. `tf.function` then traces the step a second time, without creating them.
Calling `optimizer.build(model.trainable_variables)` after `compile` creates them
first, so the step is traced once. The trainers of notebooks 02, 03, 04, 06 and 09
do that. This script fits three of the collection's models as those trainers do
(Adam, cosine decay, `steps_per_execution` = one epoch), once without and once with
the early build, in turn and in one process; it prints the seconds of each fit, the
number of times the training step was traced and whether the trained weights are
the same, bit for bit. Writes nothing; benchmarks/tracing.md quotes a run.
"""

import argparse
import time

import helpers


def fit(model, x, *, build, epochs, batch_size=128, lr=3e-3):
    """Fit model on x -> x (BCE unless the model computes its own loss)."""
    import keras

    steps = -(-len(x) // batch_size)
    optimizer = keras.optimizers.Adam(
        keras.optimizers.schedules.CosineDecay(lr, epochs * steps)
    )
    own_loss = hasattr(model, "beta")  # notebook 09's VAE: reconstruction + beta * KL
    loss = None if own_loss else "binary_crossentropy"
    model.compile(optimizer, loss, steps_per_execution=steps)
    if build:
        optimizer.build(model.trainable_variables)
    traces = []
    step = model.train_step

    def counted(data):  # runs only while TensorFlow traces the step
        traces.append(1)
        return step(data)

    model.train_step = counted
    start = time.perf_counter()
    target = None if own_loss else x
    model.fit(x, target, batch_size=batch_size, epochs=epochs, verbose=0)
    return time.perf_counter() - start, len(traces)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args(argv)
    seed = helpers.start(seed=0)
    import keras
    import numpy as np

    dense = helpers.lessons.load("02_mnist_dense_autoencoder")
    conv = helpers.lessons.load("06_convolutional_denoising")
    vae = helpers.lessons.load("09_variational_autoencoder")
    (x, _), _ = helpers.data.load_mnist(flatten=True)
    models = {
        "02's 784-256-32-256-784": (
            lambda: dense.build_autoencoder(32, hidden=(256,))[0],
            x,
        ),
        "06's conv-32": (
            lambda: conv.build_conv_autoencoder()[0],
            x.reshape(-1, 28, 28, 1),
        ),
        "09's 8-D VAE": (lambda: vae.VAE(latent_dim=8, seed=seed), x),
    }
    print(f"{args.epochs} epochs of {len(x)} digits per fit, {args.repeats} repeats")
    print("| model | build before fit | seconds per fit | traces | same weights |")
    print("|---|---|---|---|---|")
    for name, (build_model, data) in models.items():
        seconds, traces, weights = {}, {}, {}
        for _ in range(args.repeats):
            for build in (False, True):  # in turn, so both see the same machine
                keras.utils.set_random_seed(seed)
                model = build_model()
                s, traces[build] = fit(model, data, build=build, epochs=args.epochs)
                seconds.setdefault(build, []).append(s)
                weights[build] = model.get_weights()
        pairs = zip(weights[False], weights[True], strict=True)
        same = all(np.array_equal(a, b) for a, b in pairs)
        for build in (False, True):
            times = ", ".join(f"{s:.2f}" for s in seconds[build])
            print(
                f"| {name} | {'yes' if build else 'no'} | {times} | "
                f"{traces[build]} | {'yes' if same else 'no'} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
