"""Figures the notebooks share; each returns its figure, and `show` displays one."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator, ScalarFormatter

from helpers.checks import as_array, as_int

# Sharp on a laptop screen and in Colab, small enough to keep notebooks light.
DPI = 100
DIGIT_COLOURS = plt.get_cmap("tab10").colors  # ten discrete colours, one per digit


def set_defaults():
    """Matplotlib defaults for every notebook (called by helpers.start)."""
    plt.rcParams.update(
        {
            "figure.figsize": (6.0, 4.0),
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "font.size": 10,
            "axes.titlesize": 11,
            "image.cmap": "gray",
        }
    )


def show(alt, fig=None):
    """Display `fig` (default: the current figure) with alternative text, then close it.

    The text travels with the image in the notebook, so HTML exports and screen
    readers can describe it.
    """
    if not isinstance(alt, str) or not alt.strip():
        raise TypeError(f"alt must be a non-empty description, got {alt!r}")
    fig = plt.gcf() if fig is None else fig
    from IPython.display import display

    display(fig, metadata={"image/png": {"alt": alt.strip()}})
    plt.close(fig)


def _as_images(images, name):
    """(n, side, side) images from (n, side, side), (n, side, side, 1) or flat."""
    images = as_array(images, name, ndim=(2, 3, 4))
    if images.ndim == 4:
        if images.shape[-1] != 1:
            raise ValueError(
                f"{name}: images with channels must have one channel, "
                f"got shape {images.shape}"
            )
        images = images[..., 0]
    if images.ndim == 2:
        side = int(round(np.sqrt(images.shape[1])))
        if side * side != images.shape[1]:
            raise ValueError(
                f"{name} must be a batch of images, (n, 28, 28), (n, 28, 28, 1) or "
                f"flat (n, 784); got shape {images.shape} (for one image, pass "
                "image[None])"
            )
        images = images.reshape(len(images), side, side)
    return images


GAP = 2  # pixels of background between two digits in a montage


def _montage(images, ncols):
    """One array of images in rows of ncols, GAP pixels of NaN between them.

    Each image is scaled to its own [0, 1], as `imshow` scales a single image, so a
    montage looks like one axes per image, drawn at a fraction of the cost.
    """
    low = images.min(axis=(1, 2), keepdims=True)
    span = images.max(axis=(1, 2), keepdims=True) - low
    scaled = np.where(span > 0, (images - low) / np.where(span > 0, span, 1), 0.0)
    n, side = len(images), images.shape[1]
    nrows = -(-n // ncols)
    step = side + GAP
    canvas = np.full((nrows * step - GAP, ncols * step - GAP), np.nan)
    for i, image in enumerate(scaled):
        r, c = divmod(i, ncols)
        canvas[r * step : r * step + side, c * step : c * step + side] = image
    return canvas


def _show_montage(ax, canvas):
    cmap = plt.get_cmap("gray").with_extremes(bad="white")  # the gaps
    ax.imshow(canvas, cmap=cmap, vmin=0.0, vmax=1.0)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def image_grid(images, ncols=10, titles=None, title=None):
    """Digits in a grid, gray, axes off, optional per-image titles (e.g. labels)."""
    images = _as_images(images, "images")
    ncols = as_int(ncols, "ncols", 1)
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"got {len(images)} images but {len(titles)} titles")
    nrows = -(-len(images) // ncols)
    size = max(1.0, 6.0 / ncols)  # inches per image: a short row is drawn larger
    row = size + (0.35 if titles is not None else 0.0)  # room for the titles
    if titles is None:  # one montage: far faster than an axes per digit
        fig, ax = plt.subplots(figsize=(ncols * size, nrows * row + 0.4))
        _show_montage(ax, _montage(images, min(ncols, len(images))))
    else:
        fig, axes = plt.subplots(
            nrows, ncols, figsize=(ncols * size, nrows * row + 0.4), squeeze=False
        )
        for i, ax in enumerate(axes.flat):
            ax.axis("off")
            if i < len(images):
                ax.imshow(images[i], cmap="gray")
                ax.set_title(str(titles[i]), fontsize=10)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def compare_rows(rows, n=10, title=None):
    """Rows of images one above another: {"original": x, "reconstruction": x_hat}.

    Each image is drawn on its own grey scale, as `imshow` draws one image.

    Args:
        rows: dict mapping a row label to images (m, 28, 28), (m, 28, 28, 1) or
            (m, 784), m >= n.
        n: how many images per row.
        title: figure title.
    """
    if not isinstance(rows, dict) or not rows:
        raise TypeError(
            "rows must be a non-empty dict of label -> images, got "
            f"{type(rows).__name__}" + (" (empty)" if isinstance(rows, dict) else "")
        )
    n = as_int(n, "n", 1)
    rows = {label: _as_images(imgs, f"rows[{label!r}]") for label, imgs in rows.items()}
    for label, imgs in rows.items():
        if len(imgs) < n:
            raise ValueError(f"rows[{label!r}] has {len(imgs)} images, need n={n}")
    width = max(len(str(label)) for label in rows) * 0.09  # room for the labels
    fig, axes = plt.subplots(
        len(rows), 1, figsize=(n + width, len(rows) + 0.4), squeeze=False
    )
    for ax, (label, imgs) in zip(axes[:, 0], rows.items(), strict=True):
        _show_montage(ax, _montage(imgs[:n], n))  # one axes per row
        ax.set_ylabel(label, rotation=0, ha="right", va="center")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def latent_scatter(z, labels, title=None, ax=None):
    """2-D or 3-D codes, one discrete colour per digit, each digit labelled at its
    median code (so the crowded centre stays readable) and listed in a legend."""
    z = as_array(z, "z", ndim=2)
    labels = as_array(labels, "labels", ndim=1)
    if z.shape[1] not in (2, 3):
        raise ValueError(f"z must hold 2-D or 3-D codes, got shape {z.shape}")
    if len(z) != len(labels):
        raise ValueError(f"got {len(z)} codes but {len(labels)} labels")
    dims = z.shape[1]
    if ax is None:
        fig = plt.figure(figsize=(6.5, 5))
        ax = fig.add_subplot(projection="3d" if dims == 3 else None)
    digits = np.unique(labels).astype(int)
    centres = np.array([np.median(z[labels == d], axis=0) for d in digits])
    if dims == 2:
        centres = _spread(centres, np.ptp(z, axis=0))
    for digit, centre in zip(digits, centres, strict=True):
        colour = DIGIT_COLOURS[digit % 10]
        points = z[labels == digit]
        ax.scatter(*points.T, color=colour, s=9, alpha=0.75, label=str(digit))
        ax.text(
            *centre,
            str(digit),
            fontsize=11,
            fontweight="bold",
            ha="center",
            va="center",
            bbox={"boxstyle": "circle,pad=0.2", "fc": "white", "ec": colour},
        )
    ax.legend(
        title="digit",
        loc="upper left",
        bbox_to_anchor=(1.12 if dims == 3 else 1.02, 1.0),
        markerscale=3,
        frameon=False,
    )
    ax.set_xlabel("z1")
    ax.set_ylabel("z2")
    if dims == 3:
        ax.set_zlabel("z3", labelpad=8)
    if title:
        ax.set_title(title)
    ax.figure.tight_layout()
    return ax.figure


def _spread(centres, span, gap=0.08, rounds=60):
    """Label positions near `centres` (k, 2), at least `gap` of the axes' `span`
    apart, so that labels of crowded digits do not cover one another."""
    scale = np.where(span > 0, span, 1.0)
    spots = centres / scale
    for _ in range(rounds):
        moved = False
        for i in range(len(spots)):
            for j in range(i + 1, len(spots)):
                d = spots[j] - spots[i]
                dist = np.hypot(*d)
                if dist < gap:
                    step = d / dist if dist > 0 else np.array([0.0, 1.0])
                    push = (gap - dist) / 2 * step
                    spots[i] -= push
                    spots[j] += push
                    moved = True
        if not moved:
            break
    return spots * scale


def history_curves(histories, title="Training history", ylabel="loss", logy=False):
    """Loss curves: `histories` maps a curve label to a sequence of per-epoch values.

    A Keras `History` can be passed as `history.history` (its dict of lists).
    """
    if not isinstance(histories, dict) or not histories:
        raise TypeError(
            f"histories must be a non-empty dict, got {type(histories).__name__}"
        )
    fig, ax = plt.subplots()
    for label, values in histories.items():
        values = as_array(values, f"histories[{label!r}]", ndim=1)
        ax.plot(np.arange(1, len(values) + 1), values, label=str(label))
    ax.set_xlabel("epoch")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(ylabel)
    if logy:
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(ScalarFormatter())  # 0.02, not 2 x 10^-2
        ax.yaxis.set_minor_formatter(ScalarFormatter())
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    return fig


def decoded_grid(decode, extent, n=15, title=None):
    """Decode an n x n grid of 2-D codes with ONE call of `decode` and tile the digits.

    Args:
        decode: callable taking codes (n*n, 2) and returning images (n*n, 784),
            (n*n, 28, 28) or (n*n, 28, 28, 1), e.g. `lambda z: decoder.predict(z)`.
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
    z = np.array([[a, b] for b in z2 for a in z1], dtype=np.float32)  # (n*n, 2)
    images = _as_images(np.asarray(decode(z)), "decoded images")
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
    fig.tight_layout()
    return fig
