"""benchmarks: the pipeline on a tiny slice (1 epoch, few digits) and its output."""

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from benchmarks import report, run


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """One quick run, with a two-cell notebook standing in for the real ones."""
    folder = tmp_path_factory.mktemp("bench")
    notebook = folder / "00_tiny.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("print(1 + 1)")]), notebook)
    results = run.run(quick=True, notebooks=[notebook])
    return results, report.write(results, folder / "out")


def test_quick_run_measures_every_model_and_baseline(quick):
    results, _ = quick
    keys = [m["key"] for m in results["models"]]
    assert keys == [
        "pca2", "pca3", "pca32",
        "dense32_bce", "dense32_mse", "dense32_adadelta_source",
        "deep2d", "deep2d_source", "deep3d",
        "nb05_numpy", "nb05_keras",
    ]  # fmt: skip
    assert results["quick"] is True
    assert results["data"]["n_train"] == run.QUICK["n_train"]
    for model in results["models"]:
        assert 0 < model["mse"] < 1 and 0 < model["bce"] < 5, model
        small = model["code_dim"] <= 3
        assert (model["knn"] is not None) == small, model
        if small:
            assert 0 <= model["knn"] <= 1
    by_key = {m["key"]: m for m in results["models"]}
    assert by_key["dense32_bce"]["pca_ratio"] == pytest.approx(
        by_key["dense32_bce"]["mse"] / by_key["pca32"]["mse"]
    )
    assert "batch 64, 1 epoch" in by_key["deep2d"]["settings"]


def test_quick_run_reports_speed_notebooks_memory_and_targets(quick):
    results, _ = quick
    speed = results["speed"]
    assert speed["NumPy / Keras seconds per epoch"] == pytest.approx(
        speed["NumPy seconds per epoch"] / speed["Keras fit seconds per epoch"]
    )
    spread = results["deep2d_knn_by_seed"]
    assert list(spread) == ["0", "1"] and all(0 <= v <= 1 for v in spread.values())
    assert spread["0"] == pytest.approx(
        next(m["knn"] for m in results["models"] if m["key"] == "deep2d")
    )  # seed 0 retrained gives the model row's figure: training is deterministic
    assert list(results["notebooks"]) == ["00_tiny.ipynb"]
    assert results["notebooks"]["00_tiny.ipynb"] > 0
    memory = results["peak_memory_mb"]
    # the kernel's own peak (a two-cell notebook), not a copy of the benchmark's
    assert memory["benchmark"] > 200 and 20 < memory["kernels"] < memory["benchmark"]
    assert len(results["targets"]) == len(run.TARGETS)
    for target in results["targets"]:
        assert isinstance(target["measured"], float), target
        assert target["met"] in (True, False)
    assert {"cpu_count", "tensorflow", "keras", "numpy"} <= set(results["machine"])


def test_written_files_are_well_formed(quick):
    results, (json_path, md_path) = quick
    assert json.loads(json_path.read_text()) == json.loads(json.dumps(results))
    table = md_path.read_text()
    assert "Quick mode" in table
    assert table.count("| 32-d autoencoder (BCE) held-out MSE / PCA-32 MSE |") == 1
    for model in results["models"]:
        assert f"| {model['name']} |" in table


def test_readme_section_is_replaced_between_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{report.README_START}\nold\n{report.README_END}\nend\n")
    report.update_readme(readme, "| new | table |\n")
    text = readme.read_text()
    assert "old" not in text and "| new | table |" in text
    assert text.startswith("intro\n") and text.endswith("end\n")
    readme.write_text("no markers")
    with pytest.raises(ValueError, match="no <!-- results:start -->"):
        report.update_readme(readme, "x")
