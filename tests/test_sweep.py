"""benchmarks.sweep: claims found in notebooks, over seeds; thin ones flagged."""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from benchmarks import sweep


def test_margin_is_relative_room_to_the_threshold():
    assert sweep.margin("<=", 0.65, [0.60, 0.63]) == pytest.approx(0.02 / 0.65)
    assert sweep.margin(">=", 0.70, [0.77, 0.80]) == pytest.approx(0.1)
    assert sweep.margin(">=", 0.70, [0.66, 0.80]) < 0  # broken by one run


def test_sweep_finds_the_claims_of_a_notebook_and_flags_thin_ones(tmp_path):
    source = (
        "import os, helpers\n"
        "seed = int(os.environ['AE_SEED'])\n"
        "helpers.claim('roomy', 0.5 + 0.01 * seed, '<=', 1.0)\n"
        "helpers.claim('thin', 0.95 + 0.05 * seed, '<=', 1.0)\n"
        "helpers.target('seconds', 3.0, '<', 90)\n"
    )
    path = tmp_path / "00_demo.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(source)]), path)
    rows, errors, _ = sweep.sweep([path], seeds=(0, 1), data=("bundled",))
    assert errors == {}
    by_claim = {row["claim"]: row for row in rows}
    assert set(by_claim) == {"roomy", "thin"}  # targets are not claims
    roomy, thin = by_claim["roomy"], by_claim["thin"]
    assert (roomy["runs"], roomy["min"], roomy["max"]) == (2, 0.5, 0.51)
    assert roomy["margin"] == pytest.approx(0.49) and not roomy["flagged"]
    assert thin["flagged"] and thin["failed in"] == []  # 0.95: within 10 %
    table = sweep.markdown(rows, errors, (0, 1), ("bundled",))
    assert "| 00_demo.ipynb | thin | <= 1 | 2 |" in table


def test_a_failing_assert_is_reported_not_raised(tmp_path):
    path = tmp_path / "00_broken.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("assert 1 == 2, 'no'")]), path)
    rows, errors, _ = sweep.sweep([path], seeds=(3,), data=("bundled",))
    assert rows == [] and list(errors) == ["00_broken.ipynb, seed 3, bundled"]
