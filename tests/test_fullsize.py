"""The Colab path: every MNIST notebook runs top to bottom on a full-size data set.

Colab loads the real 60,000/10,000 MNIST through `keras.datasets.mnist.load_data`.
Offline, a stand-in of the same size and format (augmented copies of the bundled
digits, `tools/standin.py`) is served through that same call. Each notebook must
run to the end on it, every assert and claim holding. Outputs are not compared:
the digits differ. Slow (each notebook runs once more), so marked; `.ci/run` runs it.
"""

from pathlib import Path

import pytest

from tools import execute, standin

MNIST_NOTEBOOKS = [p for p in execute.notebook_paths() if execute.loads_mnist(p)]


@pytest.fixture(scope="module")
def setup():
    return standin.kernel_setup()


def test_some_notebooks_load_mnist():
    assert len(MNIST_NOTEBOOKS) >= 4


def _runs_on_the_full_size_stand_in(path, setup):
    env, preamble = setup
    nb = execute.run_notebook(
        Path(path), write=False, env=env, preamble=preamble
    ).notebook
    printed = "".join(
        out.get("text", "") for cell in nb.cells for out in cell.get("outputs", [])
    )
    loaded = [line for line in printed.splitlines() if line.startswith("MNIST: ")]
    assert loaded, "the notebook printed no MNIST loader line"
    for line in loaded:  # the stand-in's 60,000, or a stated subset of them
        assert line.startswith("MNIST: keras data, "), line
        assert "60,000 train" in line, line
    assert "claim failed" not in printed


def _test_class(path):
    """One class per notebook: pytest-xdist (`--dist=loadscope`) hands each class
    to a worker on its own, so the full-size runs are shared out among the workers
    instead of all running on one (conftest.py starts the longest first)."""

    @pytest.mark.slow
    def test_runs_on_the_full_size_stand_in(self, setup):
        _runs_on_the_full_size_stand_in(path, setup)

    attributes = {
        "notebook": path.name,  # conftest.py orders the runs by their measured time
        "test_runs_on_the_full_size_stand_in": test_runs_on_the_full_size_stand_in,
    }
    return type(f"Test_{path.stem}", (), attributes)


for _cls in map(_test_class, MNIST_NOTEBOOKS):
    globals()[_cls.__name__] = _cls
