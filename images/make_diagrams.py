"""Draw the diagrams used in the notebooks' text, and the README's front strip.

python images/make_diagrams.py            # writes the PNGs next to this script
python images/make_diagrams.py OUT_DIR    # or somewhere else
"""

import base64
import io
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

HERE = Path(__file__).resolve().parent
NOTEBOOK_DIR = HERE.parent / "notebooks"
# The front strip: three stored figures, each found by the title its cell gives it.
STRIP = [
    ("06_convolutional_denoising", "Held-out digits and their reconstructions from 32",
     "Reconstruct: PCA-32, dense and convolutional codes (06)"),
    ("06_convolutional_denoising", "Gaussian noise, std 0.5: held-out digits",
     "Denoise: noisy digits cleaned four ways (06)"),
    ("09_variational_autoencoder", "Conditional VAE: one row per requested digit",
     "Generate: a conditional VAE draws each digit (09)"),
]  # fmt: skip
BLUE, ORANGE, GREEN = "#4C72B0", "#DD8452", "#55A868"


def _column(ax, x, n, colour, label, label_y=-3.4):
    """Draw n neurons in a vertical column centred on y=0; return their (x, y)."""
    ys = [(n - 1) / 2 - i for i in range(n)]
    for y in ys:
        ax.add_patch(plt.Circle((x, y), 0.28, color=colour, zorder=3))
    ax.text(x, label_y, label, ha="center", va="top", fontsize=11)
    return [(x, y) for y in ys]


def autoencoder_layers(path):
    """x -> code h = f(x) -> reconstruction r = g(h), as three layers of neurons."""
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    inputs = _column(ax, 0, 6, BLUE, "input\n$x$")
    code = _column(ax, 3, 2, ORANGE, "code\n$h = f(x)$")
    outputs = _column(ax, 6, 6, GREEN, "reconstruction\n$r = g(h)$")
    for left, right in ((inputs, code), (code, outputs)):
        for a in left:
            for b in right:
                ax.plot([a[0], b[0]], [a[1], b[1]], color="0.75", lw=0.8, zorder=1)
    ax.text(1.5, 3.3, "encoder $f$", ha="center", fontsize=12)
    ax.text(4.5, 3.3, "decoder $g$", ha="center", fontsize=12)
    ax.set_xlim(-1.0, 7.0)
    ax.set_ylim(-4.6, 3.8)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)


def compression_story(path):
    """Encode two numbers into one on the phone, send it, decode two in the cloud."""
    fig, ax = plt.subplots(figsize=(8.4, 2.2))
    boxes = [
        (0.0, "point\n$x = (x_1, x_2)$", BLUE),
        (2.6, "encode\n$z = W_1 x + b_1$", ORANGE),
        (5.2, "send $z$\n(1 number, not 2)", "0.55"),
        (7.8, "decode\n$\\hat{x} = W_2 z + b_2$", GREEN),
    ]
    for x, text, colour in boxes:
        ax.add_patch(
            FancyBboxPatch(
                (x, 0),
                2.0,
                1.2,
                boxstyle="round,pad=0.08",
                facecolor=colour,
                alpha=0.25,
                edgecolor=colour,
                lw=2,
            )
        )
        ax.text(x + 1.0, 0.6, text, ha="center", va="center", fontsize=11)
    for (x, _, _), (x_next, _, _) in zip(boxes, boxes[1:], strict=False):
        ax.add_patch(
            FancyArrowPatch(
                (x + 2.1, 0.6),
                (x_next - 0.1, 0.6),
                arrowstyle="-|>",
                mutation_scale=18,
                lw=1.5,
            )
        )
    ax.text(3.6, 1.55, "on the phone", ha="center", fontsize=10, style="italic")
    ax.text(8.8, 1.55, "in the cloud", ha="center", fontsize=10, style="italic")
    ax.set_xlim(-0.3, 10.1)
    ax.set_ylim(-0.3, 1.9)
    ax.axis("off")
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)


def stored_figure(notebook, title):
    """The PNG a notebook's stored outputs hold for the cell that titles it `title`."""
    nb = json.loads((NOTEBOOK_DIR / f"{notebook}.ipynb").read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and title in "".join(cell["source"]):
            for output in cell.get("outputs", []):
                if "image/png" in output.get("data", {}):
                    return base64.b64decode(output["data"]["image/png"])
    raise ValueError(f"{notebook} stores no figure from a cell titled {title!r}")


def front_strip(path):
    """Originals, reconstructions, denoised and generated digits, side by side."""
    images = [
        plt.imread(io.BytesIO(stored_figure(nb, title)), format="png")
        for nb, title, _ in STRIP
    ]
    widths = [img.shape[1] / img.shape[0] for img in images]  # same height each
    fig, axes = plt.subplots(
        1, len(images), figsize=(4.2 * sum(widths), 4.6),
        gridspec_kw={"width_ratios": widths},
    )  # fmt: skip
    for ax, img, (_, _, caption) in zip(axes, images, STRIP, strict=True):
        ax.imshow(img)
        ax.set_title(caption, fontsize=13)
        ax.axis("off")
    fig.savefig(path, dpi=80, bbox_inches="tight")
    plt.close(fig)


DIAGRAMS = {
    "autoencoder_layers.png": autoencoder_layers,
    "compression_story.png": compression_story,
    "front_strip.png": front_strip,
}


def main(out_dir=HERE):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, draw in DIAGRAMS.items():
        draw(out_dir / name)
        print(out_dir / name)


if __name__ == "__main__":
    main(*sys.argv[1:2])
