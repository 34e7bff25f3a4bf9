"""helpers.start and tools.execute, each run in a fresh interpreter or kernel."""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from tools import execute


def _python(code, **env):
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={k: v for k, v in {**os.environ, **env}.items() if v is not None},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result


def test_import_helpers_does_not_import_tensorflow():
    out = _python(
        "import sys, helpers, helpers.data, helpers.metrics, helpers.plots\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('tensorflow', 'keras')))"
    )
    assert out.stdout.strip() == "[]"


def test_start_quiets_tensorflow_seeds_and_is_deterministic():
    code = (
        "import helpers, json, os\n"
        "helpers.start(seed=7)\n"
        "import keras, numpy as np, tensorflow as tf\n"
        "from tensorflow.python.framework import config\n"
        "def run():\n"
        "    keras.utils.set_random_seed(7)\n"
        "    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3),"
        " keras.layers.Dense(4)])\n"
        "    model.compile('adam', 'mse')\n"
        "    x = np.random.default_rng(0).normal(size=(64, 4)).astype('float32')\n"
        "    return model.fit(x, x, epochs=2, batch_size=8, verbose=0)"
        ".history['loss']\n"
        "print(json.dumps({'env': os.environ['TF_CPP_MIN_LOG_LEVEL'],"
        " 'log': tf.get_logger().level,"
        " 'a': run(), 'b': run(),"
        " 'det': config.is_op_determinism_enabled()}))\n"
    )
    # Both variables unset: start() itself must silence TensorFlow.
    result = _python(code, TF_CPP_MIN_LOG_LEVEL=None, TF_ENABLE_ONEDNN_OPTS=None)
    report = json.loads(result.stdout)
    assert report["env"] == "3" and report["det"] is True
    assert report["log"] == 40  # logging.ERROR: no re-tracing notes in outputs
    assert report["a"] == report["b"]
    assert "cuda" not in result.stderr.lower() and "oneDNN" not in result.stderr


@pytest.mark.parametrize("given", [None, "3"])
def test_start_sets_threads_per_operation_unless_the_caller_did(given):
    code = (
        "import helpers, os\n"
        "helpers.start(seed=0)\n"
        "print(os.environ['TF_NUM_INTRAOP_THREADS'], helpers.default_threads())"
    )
    shown, default = _python(code, TF_NUM_INTRAOP_THREADS=given).stdout.split()
    assert shown == (given or default)
    assert int(default) == max(1, len(os.sched_getaffinity(0)) // 2)


def test_start_rejects_a_bad_seed(monkeypatch):
    import helpers

    with pytest.raises(TypeError, match="seed must be an int, got str"):
        helpers.start(seed="0")
    with pytest.raises(ValueError, match="seed must be between 0 and 4294967295"):
        helpers.start(seed=2**40)
    monkeypatch.setenv("AE_SEED", "-3")
    with pytest.raises(ValueError, match="AE_SEED must be an integer between 0"):
        helpers.start(seed=0)


def test_start_returns_the_seed_and_honours_ae_seed():
    code = "import helpers\nprint(helpers.start(seed=0), helpers.start(seed=5))"
    assert _python(code, AE_SEED=None).stdout.split() == ["0", "5"]
    assert _python(code, AE_SEED="3").stdout.split() == ["3", "3"]


def test_execute_runs_in_place_with_fresh_counts(tmp_path):
    nb = new_notebook(
        cells=[
            new_code_cell("import os\nprint(os.environ['AE_DATA'])"),
            new_code_cell("x = 1 + 1\nx"),
        ]
    )
    nb.cells[1].execution_count = 42  # stale state that must not survive
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="stale\n")]
    path = tmp_path / "demo.ipynb"
    nbformat.write(nb, path)
    assert execute.main([str(path)]) == 0
    done = nbformat.read(path, as_version=4)
    assert [c.execution_count for c in done.cells] == [1, 2]
    assert done.cells[0].outputs[0].text == "bundled\n"
    assert done.cells[1].outputs[0].data["text/plain"] == "2"
    assert "execution" not in done.cells[1].metadata
    _, seconds, peak_mb, cells = execute.run_notebook(path, write=False)
    assert seconds > 0 and 20 < peak_mb < 2000  # a bare kernel's resident memory
    assert [index for index, _ in cells] == [0, 1]  # each code cell, by file index
    assert all(0 < cell_seconds < seconds for _, cell_seconds in cells)


def test_execute_rejects_what_is_not_a_notebook(tmp_path):
    with pytest.raises(ValueError, match="not a notebook file"):
        execute.notebook_paths([tmp_path / "missing.ipynb"])
    assert execute.notebook_paths() == sorted(
        Path(execute.NOTEBOOK_DIR).glob("[0-9]*.ipynb")
    )
