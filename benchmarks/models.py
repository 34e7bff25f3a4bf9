"""Train the collection's models exactly as their notebooks do, with their own code.

Each notebook's `#| export` cells (its settings and its build/train functions) are
loaded with `tools.nbexport`; nothing here re-implements a model. Each adapter
yields dicts with: key, name, settings, code_dim, x_test_hat (n, 784) in [0, 1],
z_train/z_test (codes, for k-NN when small) and train_seconds.
"""

import statistics
import time
from pathlib import Path

from tools import nbexport

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def _notebook(stem):
    return nbexport.load(NOTEBOOKS / f"{stem}.ipynb")


def _epochs(run, num_epochs):
    """The run's settings, with the epoch count (and any warm-up) cut in quick mode."""
    run = dict(run)
    if num_epochs is not None:
        run["num_epochs"] = num_epochs
        if "warmup_epochs" in run:  # a warm-up must end before training does
            run["warmup_epochs"] = min(run["warmup_epochs"], num_epochs - 1)
    return run


def _steady(seconds):
    """Seconds per epoch after the first (which includes tracing), or the only one."""
    return statistics.mean(seconds[1:]) if len(seconds) > 1 else seconds[0]


def _timed(train, *args, **kwargs):
    start = time.perf_counter()
    result = train(*args, **kwargs)
    return result, time.perf_counter() - start


def _plural(n, word):
    return f"{n} {word}" + ("" if n == 1 else "s")


def _describe(run):
    lr = f", lr {run['lr']:g}" if "lr" in run else ""
    if run.get("warmup_epochs"):
        lr += f" (warm-up {_plural(run['warmup_epochs'], 'epoch')}, cosine decay)"
    return (
        f"{run.get('optimizer', 'adam')}{lr}, {run['loss']}, "
        f"batch {run['batch_size']}, {_plural(run['num_epochs'], 'epoch')}"
    )


DENSE = {
    "bce": "32-d autoencoder, crossentropy (notebook 02)",
    "mse": "32-d autoencoder, MSE (notebook 02, walkthrough 004)",
    "adadelta_source": "32-d autoencoder as written in walkthrough 003",
}


def dense_autoencoders(data, num_epochs, seed):
    """Notebook 02: the 32-d autoencoder, its MSE variant and the source's adadelta."""
    nb = _notebook("02_mnist_dense_autoencoder")
    for key, name in DENSE.items():
        run = _epochs(nb.RUNS[key], num_epochs)
        (autoencoder, *_), seconds = _timed(
            nb.train_autoencoder, data.x_train, seed=seed, **run
        )
        yield {
            "key": f"dense32_{key}",
            "name": name,
            "settings": _describe(run),
            "code_dim": nb.LATENT_DIM,
            "x_test_hat": autoencoder.predict(data.x_test, verbose=0),
            "z_train": None,
            "z_test": None,
            "train_seconds": seconds,
        }


DEEP = {
    "2d": ("deep2d", "deep 2-D autoencoder (notebook 03)"),
    "2d_source": (
        "deep2d_source",
        "deep 2-D autoencoder as written in walkthrough 002",
    ),
    "3d": ("deep3d", "deep 3-D autoencoder (notebook 03)"),
}


def _train_deep(nb, run, data, seed):
    """Train one notebook-03 run; its test reconstructions in [0, 1] and its codes."""
    (encoder, _, autoencoder, _), seconds = _timed(
        nb.train_deep_autoencoder, data.x_train, seed=seed, **run
    )
    centre = run["centre"]
    return {
        "x_test_hat": nb.reconstruct(autoencoder, data.x_test, centre),
        "z_train": nb.encode(encoder, data.x_train, centre),
        "z_test": nb.encode(encoder, data.x_test, centre),
        "train_seconds": seconds,
    }


def deep_autoencoders(data, num_epochs, seed):
    """Notebook 03: the deep 2-D model (its and the source's settings), the 3-D one."""
    nb = _notebook("03_deep_autoencoder_latent_space")
    for run_key, (key, name) in DEEP.items():
        run = _epochs(nb.RUNS[run_key], num_epochs)
        source = ", data in [-0.5, 0.5], tanh output" if run["centre"] else ""
        yield {
            "key": key,
            "name": name,
            "settings": _describe({**run, "optimizer": "adam"}) + source,
            "code_dim": run["latent_dim"],
            **_train_deep(nb, run, data, seed),
        }


def deep2d_by_seed(data, seeds, num_epochs=None):
    """The notebook-03 2-D run retrained with each seed: {seed: codes and outputs}."""
    nb = _notebook("03_deep_autoencoder_latent_space")
    run = _epochs(nb.RUNS["2d"], num_epochs)
    return {seed: _train_deep(nb, run, data, seed) for seed in seeds}


def numpy_vs_keras(data, num_epochs, seed, speed):
    """Notebook 05: the NumPy autoencoder and its Keras twin, timed in the same run."""
    nb = _notebook("05_numpy_autoencoder")
    per_epoch = {}
    for key, label in (("numpy", "NumPy autoencoder"), ("keras", "Keras twin")):
        run = _epochs(nb.RUNS[key], num_epochs)
        trainer = getattr(nb, run.pop("trainer"))
        run["seed"] = seed
        model, _, seconds = trainer(data.x_train, **run)
        x_hat = nb.reconstruct(model, data.x_test)
        per_epoch[key] = _steady(seconds)
        yield {
            "key": f"nb05_{key}",
            "name": f"{label} (notebook 05)",
            "settings": f"784-{run['latent_dim']}-784, Adam {run['lr']:g}, "
            f"batch {run['batch_size']}, {_plural(run['num_epochs'], 'epoch')}",
            "code_dim": run["latent_dim"],
            "x_test_hat": x_hat,
            "z_train": None,
            "z_test": None,
            "train_seconds": sum(seconds),
        }
    speed.update(
        {
            "NumPy seconds per epoch": per_epoch["numpy"],
            "Keras fit seconds per epoch": per_epoch["keras"],
            "NumPy / Keras seconds per epoch": per_epoch["numpy"] / per_epoch["keras"],
        }
    )


def train_all(data, num_epochs=None, seed=0, speed=None):
    """Every model of the collection, one after the other (generator of dicts)."""
    speed = {} if speed is None else speed
    start = time.perf_counter()
    yield from dense_autoencoders(data, num_epochs, seed)
    yield from deep_autoencoders(data, num_epochs, seed)
    yield from numpy_vs_keras(data, num_epochs, seed, speed)
    speed["seconds for all model training"] = time.perf_counter() - start
