"""benchmarks: claims and targets found in notebooks, over seeds; thin ones flagged."""

import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from benchmarks import report, run
from tools import execute

ROOT = Path(__file__).resolve().parent.parent

DEMO = (
    "import os, helpers\n"
    "seed = int(os.environ['AE_SEED'])\n"
    "helpers.claim('roomy', 0.5 + 0.01 * seed, '<=', 1.0)\n"
    "helpers.claim('thin', 0.95 + 0.05 * seed, '<=', 1.0)\n"
    "helpers.target('seconds', 3.0 + seed, '<', 4)\n"
)


def test_margin_is_relative_room_to_the_threshold():
    assert run.margin("<=", 0.65, [0.60, 0.63]) == pytest.approx(0.02 / 0.65)
    assert run.margin(">=", 0.70, [0.77, 0.80]) == pytest.approx(0.1)
    assert run.margin(">=", 0.70, [0.66, 0.80]) < 0  # broken by one run


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Two seeds of a notebook that makes two claims and reports one target."""
    folder = tmp_path_factory.mktemp("bench")
    nbformat.write(new_notebook(cells=[new_code_cell(DEMO)]), folder / "00_demo.ipynb")
    broken = folder / "01_broken.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("assert 1 == 2, 'no'")]), broken)
    runs = run.sweep([folder / "00_demo.ipynb", broken], (0, 1), ("bundled",))
    found = run.results(runs, (0, 1), ("bundled",))
    return found, report.write(found, folder / "out")


def test_claims_are_found_and_thin_ones_flagged(demo):
    found, _ = demo
    by_claim = {row["claim"]: row for row in found["claims"]}
    assert set(by_claim) == {"roomy", "thin"}  # targets are not claims
    roomy, thin = by_claim["roomy"], by_claim["thin"]
    assert (roomy["runs"], roomy["min"], roomy["max"]) == (2, 0.5, 0.51)
    assert roomy["margin"] == pytest.approx(0.49) and not roomy["flagged"]
    assert thin["flagged"] and thin["failed in"] == []  # 0.95 and 1.0: within 10 %


def test_targets_take_the_worst_run_and_time_every_notebook(demo):
    found, _ = demo
    by_target = {t["target"].split(" (")[0]: t for t in found["targets"]}
    seconds = by_target["00_demo.ipynb: seconds"]
    assert seconds["measured"] == 4.0 and seconds["met"] is False  # seed 1: 4 < 4
    assert by_target["slowest notebook, seconds"]["met"] is True
    times = found["notebooks"]["00_demo.ipynb"]["bundled"]
    assert 0 < times["seconds"] < 60 and times["peak_mb"] > 20


def test_a_failing_assert_is_reported_not_raised(demo):
    found, _ = demo
    assert list(found["errors"]) == [
        "01_broken.ipynb, seed 0, bundled",
        "01_broken.ipynb, seed 1, bundled",
    ]
    assert "AssertionError" in found["errors"]["01_broken.ipynb, seed 0, bundled"]


def test_written_files_are_well_formed(demo):
    found, (json_path, md_path) = demo
    assert json.loads(json_path.read_text()) == json.loads(json.dumps(found))
    table = md_path.read_text()
    assert "| 00_demo.ipynb | thin | <= 1 | 2 |" in table
    assert "| 00_demo.ipynb: seconds (worst of 2) | 4 | < 4 | **no** |" in table
    assert "- 01_broken.ipynb, seed 0, bundled: CellExecutionError: Assert" in table


def test_a_baseline_that_timed_nothing_gets_no_table(demo):
    found, _ = demo
    empty = {**found, "before and after": {"ref": "abc1234", "notebooks": {}}}
    assert "Before and after" not in report.markdown(empty)  # e.g. a --resume run
    timed = {"seeds": [0], "before": 2.0, "after": 1.0, "before errors": []}
    found = {**found, "before and after": {"ref": "abc1234", "notebooks": {"x": timed}}}
    assert "Before and after" in report.markdown(found)


def test_a_stopped_sweep_resumes_from_its_journal(tmp_path):
    notebook, journal = tmp_path / "00_demo.ipynb", tmp_path / "runs.jsonl"
    nbformat.write(new_notebook(cells=[new_code_cell(DEMO)]), notebook)
    kept = {"records": [], "seconds": 1.5, "peak_mb": None, "error": "journaled"}
    key = ["00_demo.ipynb", 0, "bundled"]
    journal.write_text(json.dumps({"key": key, "run": kept}) + "\n")
    runs = run.sweep([notebook], (0, 1), ("bundled",), journal=journal)
    assert runs[("00_demo.ipynb", 0, "bundled")] == kept  # not run again
    assert [r["value"] for r in runs[("00_demo.ipynb", 1, "bundled")]["records"]] == [
        0.51, 1.0, 4.0,
    ]  # fmt: skip
    lines = [json.loads(line) for line in journal.read_text().splitlines()]
    assert [line["key"] for line in lines] == [key, ["00_demo.ipynb", 1, "bundled"]]
    assert lines[1]["run"] == runs[("00_demo.ipynb", 1, "bundled")]
    other = json.dumps({"key": ["01_other.ipynb", 0, "bundled"], "run": kept})
    journal.write_text(journal.read_text() + other + '\n{"key": ["cut sh')  # killed
    run.forget(journal, {"00_demo.ipynb"})  # --redo: the next sweep runs it again
    assert journal.read_text() == other + "\n"


def test_resume_keeps_journaled_runs_and_redo_runs_them_again(tmp_path):
    notebook, out = tmp_path / "00_demo.ipynb", tmp_path / "out"
    nbformat.write(new_notebook(cells=[new_code_cell(DEMO)]), notebook)
    out.mkdir()
    kept = {"records": [], "seconds": 1.5, "peak_mb": None, "error": "journaled"}
    key = ["00_demo.ipynb", 0, "bundled"]
    cut = '{"key": ["00_demo.ipynb", 1, "bund'  # the last line of a killed sweep
    (out / run.JOURNAL).write_text(json.dumps({"key": key, "run": kept}) + "\n" + cut)
    args = [str(notebook), "--seeds", "0", "1", "--data", "bundled", "--out", str(out)]
    run.main([*args, "--resume"])
    found = json.loads((out / "results.json").read_text())
    assert found["errors"] == {"00_demo.ipynb, seed 0, bundled": "journaled"}
    run.main([*args, "--redo", "00_demo.ipynb"])  # seed 0 runs again, no error now
    assert json.loads((out / "results.json").read_text())["errors"] == {}


def test_only_notebooks_that_load_mnist_run_on_the_stand_in(tmp_path):
    plain, mnist = tmp_path / "00_a.ipynb", tmp_path / "01_b.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("x = 1")]), plain)
    source = "import helpers\ndata = helpers.data.load_mnist()"
    nbformat.write(new_notebook(cells=[new_code_cell(source)]), mnist)
    assert not execute.loads_mnist(plain) and execute.loads_mnist(mnist)


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


def test_readme_headline_rows_are_claims_of_the_committed_results():
    results = json.loads((ROOT / "benchmarks" / "results.json").read_text())
    table = report.headline(results)
    assert table.count("\n| [") == len(report.HEADLINE) >= 5
    assert report.RESULTS_LINK in table and (ROOT / report.RESULTS_LINK).is_file()
    # a shortfall is shown as its complement: 1 - misranked is the AUROC
    auroc = next(c for c in results["claims"] if "1 - mean AUROC" in c["claim"])
    assert f"{1 - auroc['median']:.3g}" in table
    readme = (ROOT / "README.md").read_text()
    assert table in readme, "the README shows the headline of the committed results"
    kept = [c for c in results["claims"] if "PCA-32 MSE" not in c["claim"]]
    with pytest.raises(ValueError, match="no claim"):  # a claim the table needs
        report.headline({**results, "claims": kept})
