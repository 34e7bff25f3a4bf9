"""helpers.plots: figures are returned, shown with alternative text, input checked."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import plots  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def images():
    return np.random.default_rng(0).uniform(0, 1, (12, 784)).astype(np.float32)


def _image_axes(fig):
    return [ax for ax in fig.axes if ax.images]


def test_image_grid(images):
    fig = plots.image_grid(images, ncols=5, titles=list(range(12)), title="digits")
    assert len(_image_axes(fig)) == 12 and len(fig.axes) == 15  # 3 rows of 5
    assert fig.axes[0].get_title() == "0"
    assert _image_axes(fig)[0].images[0].get_array().shape == (28, 28)
    with pytest.raises(ValueError, match="12 images but 3 titles"):
        plots.image_grid(images, titles=[1, 2, 3])
    with pytest.raises(ValueError, match=r"for one image, pass image\[None\]"):
        plots.image_grid(images[:, :700])
    with pytest.raises(ValueError, match=r"got shape \(28, 28\)"):
        plots.image_grid(images[0].reshape(28, 28))
    fig = plots.image_grid(images.reshape(12, 28, 28, 1), ncols=6)  # channels
    (ax,) = _image_axes(fig)  # no titles: one montage of 2 rows of 6
    gap = plots.GAP
    assert ax.images[0].get_array().shape == (2 * 28 + gap, 6 * 28 + 5 * gap)


def test_montage_scales_each_image_on_its_own_and_leaves_gaps_blank():
    dim = np.full((28, 28), 0.2)
    dim[0, 0] = 0.3  # a faint image: drawn alone, imshow would stretch it to 0..1
    blank = np.zeros((28, 28))  # no range at all: black, as imshow draws it
    canvas = plots._montage(np.stack([dim, blank, dim]), ncols=2)
    gap = plots.GAP
    assert canvas.shape == (2 * 28 + gap, 2 * 28 + gap)
    np.testing.assert_allclose(canvas[:28, :28], (dim - 0.2) / 0.1, atol=1e-12)
    assert np.all(canvas[:28, 28 + gap :] == 0)
    assert np.all(np.isnan(canvas[:, 28 : 28 + gap]))  # the gaps are NaN (white)
    assert np.all(np.isnan(canvas[28 + gap :, 28 + gap :]))  # no fourth image


def test_compare_rows_labels_each_row(images):
    fig = plots.compare_rows({"original": images, "reconstruction": images[::-1]}, n=4)
    rows = _image_axes(fig)  # one montage of 4 images per row
    assert [ax.get_ylabel() for ax in rows] == ["original", "reconstruction"]
    canvas = rows[1].images[0].get_array()
    assert canvas.shape == (28, 4 * 28 + 3 * plots.GAP)
    last = images[::-1][0].reshape(28, 28)  # the first image of the second row
    scaled = (last - last.min()) / (last.max() - last.min())
    np.testing.assert_allclose(canvas[:, :28], scaled, rtol=1e-5)
    with pytest.raises(ValueError, match="has 12 images, need n=20"):
        plots.compare_rows({"original": images}, n=20)
    with pytest.raises(TypeError, match="non-empty dict of label -> images, got list$"):
        plots.compare_rows([images, images])


@pytest.mark.parametrize("dims", [2, 3])
def test_latent_scatter_has_one_colour_and_legend_entry_per_digit(dims):
    z = np.random.default_rng(0).normal(size=(50, dims))
    labels = np.arange(50) % 10
    fig = plots.latent_scatter(z, labels, title="codes")
    ax = fig.axes[0]
    assert len(fig.axes) == 1 and ax.get_title() == "codes"  # no colour bar
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [str(d) for d in range(10)]
    assert len({tuple(c.get_facecolor()[0]) for c in ax.collections}) == 10
    assert sorted(t.get_text() for t in ax.texts) == [str(d) for d in range(10)]
    assert hasattr(ax, "get_zlabel") == (dims == 3)
    with pytest.raises(ValueError, match="2-D or 3-D codes"):
        plots.latent_scatter(np.zeros((5, 4)), np.arange(5))
    with pytest.raises(ValueError, match="50 codes but 5 labels"):
        plots.latent_scatter(z, labels[:5])


def test_history_curves():
    fig = plots.history_curves({"train": [3, 2, 1], "validation": [3.5, 2.5, 2]})
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["train", "validation"]
    assert ax.lines[0].get_xdata().tolist() == [1, 2, 3]
    fig.canvas.draw()
    assert all(float(t).is_integer() for t in ax.get_xticks()), ax.get_xticks()
    with pytest.raises(ValueError, match="NaN"):
        plots.history_curves({"train": [1.0, float("nan")]})


def test_decoded_grid_makes_one_batched_call():
    calls = []

    def decode(codes):
        calls.append(codes.shape)
        return np.tile(codes[:, :1], (1, 784)) * 0 + 0.5

    fig = plots.decoded_grid(decode, extent=(-1, 1, -2, 2), n=6)
    assert calls == [(36, 2)]
    assert fig.axes[0].images[0].get_array().shape == (6 * 28, 6 * 28)
    with pytest.raises(ValueError, match="min < max"):
        plots.decoded_grid(decode, extent=(1, -1, 0, 1))
    with pytest.raises(ValueError, match="returned 1 images for 4 codes"):
        plots.decoded_grid(lambda z: np.zeros((1, 784)), extent=(0, 1, 0, 1), n=2)
    with pytest.raises(TypeError, match="decode must be callable"):
        plots.decoded_grid("decoder", extent=(0, 1, 0, 1))


def test_show_displays_with_alternative_text_and_closes(monkeypatch, images):
    shown = []
    import IPython.display

    monkeypatch.setattr(
        IPython.display, "display", lambda obj, metadata: shown.append(metadata)
    )
    fig = plots.image_grid(images)
    plots.show("twelve noise images", fig)
    assert shown == [{"image/png": {"alt": "twelve noise images"}}]
    assert not plt.fignum_exists(fig.number)
    with pytest.raises(TypeError, match="alt must be a non-empty description"):
        plots.show("  ")
