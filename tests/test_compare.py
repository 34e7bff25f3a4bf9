"""How stored outputs are compared: numbers within tolerance, everything else exact.

The first tests check the comparison itself; the last one mutates the stored outputs
of a small notebook each way and runs nbval on it, to show that the suite still
fails on a changed word, a missing line or a number off by more than the tolerance.
"""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from conftest import RTOL, numbers_agree, texts_agree

ROOT = Path(__file__).resolve().parent.parent


def test_numbers_agree_within_rounding_and_tolerance():
    assert numbers_agree("0.0466", "0.0466", RTOL)
    assert numbers_agree("0.01752", "0.01753", RTOL)  # last digit rounded otherwise
    assert not numbers_agree("0.0466", "0.0476", RTOL)  # 2 % off
    assert numbers_agree("0.0466", "0.0476", 0.05)  # a trained figure's wider rtol
    assert not numbers_agree("7", "8", RTOL)  # integers (counts) are exact
    assert numbers_agree("1.5e-07", "1.6e-07", RTOL)  # one unit in the last digit
    assert not numbers_agree("1.5e-07", "1.8e-07", RTOL)


def test_texts_agree_only_if_every_word_and_line_matches():
    stored = "held-out MSE 0.01101, BCE 0.0971\nratio 0.629\n"
    assert texts_agree(stored, stored)
    assert texts_agree(stored, "held-out MSE 0.01102, BCE 0.0971\nratio 0.629\n")
    assert not texts_agree(stored, "held-out MAE 0.01101, BCE 0.0971\nratio 0.629\n")
    assert not texts_agree(stored, "held-out MSE 0.01101, BCE 0.0971\n")
    assert not texts_agree(stored, "held-out MSE 0.01101, BCE 0.0971\nratio 0.65\n")
    assert texts_agree(stored, "held-out MSE 0.01101, BCE 0.0971\nratio 0.65\n", 0.05)
    assert not texts_agree("loss 0.5", "loss 0.5 0.5")  # a number added
    # NumPy pads arrays to their widest number: spacing is not content
    assert texts_agree("[-50.61  22.3  -64.24]", "[-50.61 22.31 -64.24]")
    assert texts_agree("variances [1.58 1.8 ]  KL", "variances [1.52 1.84]  KL", 0.5)
    assert texts_agree("[ 0.5 -1. ]", "[ 0.49 -1.  ]", 0.05)
    assert not texts_agree("variances [1.58 1.8]", "variances (1.58 1.8)")
    assert not texts_agree("a b", "ab")  # but a space is


CELLS = {
    # cell source -> (stored text, what a fresh run prints): must it pass?
    "print('ratio 0.629')": ("ratio 0.629\n", True),
    "print('ratio 0.6291')": ("ratio 0.6290\n", True),  # within 1e-3
    "print('ratio 0.640')": ("ratio 0.629\n", False),  # 1.7 % off
    "# NBVAL_RTOL 0.05\nprint('ratio 0.640')": ("ratio 0.629\n", True),
    "# NBVAL_RTOL 0.05  (trained)\nprint('ratio 0.64')": ("ratio 0.629\n", True),
    "print('ratio 0.629 held out')": ("ratio 0.629 held-out\n", False),  # a word
    "print('a 1\\nb 2')": ("a 1\nb 2\nc 3\n", False),  # a line missing
    "print('dead units: 1')": ("dead units: 0\n", False),  # a count changed
}


@pytest.mark.slow
def test_nbval_with_the_project_comparison_catches_each_mutation(tmp_path):
    cells = []
    for count, (source, (stored, _)) in enumerate(CELLS.items(), 1):
        cell = new_code_cell(source, execution_count=count)
        cell.outputs = [new_output("stream", name="stdout", text=stored)]
        cells.append(cell)
    path = tmp_path / "mutated.ipynb"
    nbformat.write(new_notebook(cells=cells), path)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", str(path), "-p", "conftest", "--nbval"]
        + ["--nbval-current-env", "-o", "addopts=", "-p", "no:cacheprovider", "-rA"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    outcomes = {}
    for line in result.stdout.splitlines():
        for word in ("PASSED", "FAILED"):
            if line.startswith(word) and "::Cell" in line:
                outcomes[int(line.split("::Cell ")[1].split()[0])] = word == "PASSED"
    expected = {i: ok for i, (_, ok) in enumerate(CELLS.values())}
    assert outcomes == expected, result.stdout[-3000:]
