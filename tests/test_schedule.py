"""The order the suite hands work to pytest-xdist: longest first, scopes intact."""

import json
from pathlib import Path
from types import SimpleNamespace

import conftest


def _item(nodeid, cls=None):
    return SimpleNamespace(nodeid=nodeid, path=Path(nodeid.split("::")[0]), cls=cls)


def test_measured_seconds_reads_the_benchmark_results(tmp_path):
    results = tmp_path / "results.json"
    assert conftest.measured_seconds(results) == {}  # no benchmark run yet
    results.write_text("not json")
    assert conftest.measured_seconds(results) == {}
    runs = {"a.ipynb": {"bundled": {"seconds": 2.0}, "standin": {"seconds": 3.0}}}
    results.write_text(json.dumps({"notebooks": runs}))
    assert conftest.measured_seconds(results) == {
        ("a.ipynb", "bundled"): 2.0,
        ("a.ipynb", "standin"): 3.0,
    }


def test_longest_scope_first_and_each_notebook_in_order(monkeypatch):
    seconds = {
        ("a.ipynb", "bundled"): 5.0,
        ("b.ipynb", "bundled"): 20.0,
        ("a.ipynb", "standin"): 9.0,
    }
    monkeypatch.setattr(conftest, "measured_seconds", lambda: seconds)
    full_size = type("Test_a", (), {"notebook": "a.ipynb"})
    items = [
        _item("tests/test_x.py::test_one"),
        _item("tests/test_full.py::Test_a::test_runs", cls=full_size),
        *(_item(f"notebooks/a.ipynb::Cell {i}") for i in range(3)),
        *(_item(f"notebooks/b.ipynb::Cell {i}") for i in range(12)),
        _item("tests/test_x.py::test_two"),
    ]
    conftest.pytest_collection_modifyitems(None, items)
    order = [item.nodeid for item in items]
    assert order == (
        [f"notebooks/b.ipynb::Cell {i}" for i in range(12)]
        + ["tests/test_full.py::Test_a::test_runs"]
        + [f"notebooks/a.ipynb::Cell {i}" for i in range(3)]
        + ["tests/test_x.py::test_one", "tests/test_x.py::test_two"]
    )


def test_the_suite_runs_with_this_order():
    """The suite's own options keep this order (no reordering by test count)."""
    options = Path(conftest.__file__).with_name("pyproject.toml").read_text()
    assert '"--dist=loadscope"' in options
    assert '"--no-loadscope-reorder"' in options
