"""Figures the notebooks share; each returns its figure and shows it only if asked."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from helpers.checks import as_array, as_int


def _as_images(images, name):
    """Return (n, side, side) from (n, side, side) or flat (n, side*side) images."""
    images = as_array(images, name, ndim=(2, 3))
    if images.ndim == 2:
        side = int(round(np.sqrt(images.shape[1])))
        if side * side != images.shape[1]:
            raise ValueError(
                f"{name}: flat images need a square number of pixels, "
                f"got shape {images.shape}"
            )
        images = images.reshape(len(images), side, side)
    return images


def _finish(fig, show):
    fig.tight_layout()
    if show:
        plt.show()
    return fig


def image_grid(images, ncols=10, titles=None, title=None, show=False):
    """Digits in a grid, gray, axes off, optional per-image titles (e.g. labels)."""
    images = _as_images(images, "images")
    ncols = as_int(ncols, "ncols", 1)
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"got {len(images)} images but {len(titles)} titles")
    nrows = -(-len(images) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(ncols, nrows + 0.4), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < len(images):
            ax.imshow(images[i], cmap="gray")
            if titles is not None:
                ax.set_title(str(titles[i]), fontsize=9)
    if title:
        fig.suptitle(title)
    return _finish(fig, show)


def compare_rows(rows, n=10, title=None, show=False):
    """Rows of images one above another: {"original": x, "reconstruction": x_hat}.

    Args:
        rows: dict mapping a row label to images (m, 28, 28) or (m, 784), m >= n.
        n: how many images per row.
        title: figure title.
    """
    if not isinstance(rows, dict) or not rows:
        raise TypeError(
            f"rows must be a non-empty dict of label -> images, got {rows!r}"
        )
    n = as_int(n, "n", 1)
    rows = {label: _as_images(imgs, f"rows[{label!r}]") for label, imgs in rows.items()}
    for label, imgs in rows.items():
        if len(imgs) < n:
            raise ValueError(f"rows[{label!r}] has {len(imgs)} images, need n={n}")
    fig, axes = plt.subplots(len(rows), n, figsize=(n, len(rows) + 0.4), squeeze=False)
    for r, (label, imgs) in enumerate(rows.items()):
        for c in range(n):
            ax = axes[r, c]
            ax.imshow(imgs[c], cmap="gray")
            ax.set_xticks([])
            ax.set_yticks([])
            for spine in ax.spines.values():
                spine.set_visible(False)
        axes[r, 0].set_ylabel(label, rotation=0, ha="right", va="center")
    if title:
        fig.suptitle(title)
    return _finish(fig, show)


def latent_scatter(codes, labels, title=None, ax=None, show=False):
    """2-D or 3-D codes scattered and coloured by label, with a colour bar."""
    codes = as_array(codes, "codes", ndim=2)
    labels = as_array(labels, "labels", ndim=1)
    if codes.shape[1] not in (2, 3):
        raise ValueError(f"codes must be 2-D or 3-D points, got shape {codes.shape}")
    if len(codes) != len(labels):
        raise ValueError(f"got {len(codes)} codes but {len(labels)} labels")
    dims = codes.shape[1]
    if ax is None:
        fig = plt.figure(figsize=(6, 5))
        ax = fig.add_subplot(projection="3d" if dims == 3 else None)
    fig = ax.figure
    points = ax.scatter(*codes.T, c=labels, cmap="tab10", s=6, alpha=0.8)
    fig.colorbar(points, ax=ax, label="digit", shrink=0.8)
    ax.set_xlabel("z1")
    ax.set_ylabel("z2")
    if dims == 3:
        ax.set_zlabel("z3")
    if title:
        ax.set_title(title)
    return _finish(fig, show)


def history_curves(
    histories, title="Training history", ylabel="loss", logy=False, show=False
):
    """Loss curves: `histories` maps a curve label to a sequence of per-epoch values.

    A Keras `History` can be passed as `history.history` (its dict of lists).
    """
    if not isinstance(histories, dict) or not histories:
        raise TypeError(f"histories must be a non-empty dict, got {histories!r}")
    fig, ax = plt.subplots()
    for label, values in histories.items():
        values = as_array(values, f"histories[{label!r}]", ndim=1)
        ax.plot(np.arange(1, len(values) + 1), values, label=str(label))
    ax.set_xlabel("epoch")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(ylabel)
    if logy:
        ax.set_yscale("log")
    ax.set_title(title)
    ax.legend()
    return _finish(fig, show)


def decoded_grid(decode, extent, n=15, title=None, show=False):
    """Decode an n x n grid of 2-D codes with ONE call of `decode` and tile the digits.

    Args:
        decode: callable taking codes (n*n, 2) and returning images (n*n, 784) or
            (n*n, 28, 28), e.g. `lambda z: decoder.predict(z, verbose=0)`.
        extent: (z1_min, z1_max, z2_min, z2_max), the region of the code plane.
        n: grid points per side.
    """
    if not callable(decode):
        raise TypeError(f"decode must be callable, got {type(decode).__name__}")
    extent = as_array(extent, "extent", ndim=1)
    if extent.shape != (4,) or extent[0] >= extent[1] or extent[2] >= extent[3]:
        raise ValueError(
            "extent must be (z1_min, z1_max, z2_min, z2_max) with min < max, "
            f"got {extent}"
        )
    n = as_int(n, "n", 2)
    z1 = np.linspace(extent[0], extent[1], n)
    z2 = np.linspace(extent[3], extent[2], n)  # top row = largest z2, as on a plot
    codes = np.array([[a, b] for b in z2 for a in z1], dtype=np.float32)  # (n*n, 2)
    images = _as_images(np.asarray(decode(codes)), "decoded images")
    if len(images) != n * n:
        raise ValueError(f"decode returned {len(images)} images for {n * n} codes")
    side = images.shape[1]
    canvas = images.reshape(n, n, side, side).transpose(0, 2, 1, 3)
    canvas = canvas.reshape(n * side, n * side)
    fig, ax = plt.subplots(figsize=(6, 6))
    ax.imshow(canvas, cmap="gray", extent=tuple(extent))
    ax.set_xlabel("z1")
    ax.set_ylabel("z2")
    ax.set_title(title or "Digits decoded from a grid of codes")
    return _finish(fig, show)
