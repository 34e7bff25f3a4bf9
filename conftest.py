"""Test set-up: offline digits, quiet TensorFlow, and how nbval compares numbers.

nbval compares every stored text output with a fresh run. Numbers inside those
texts are compared within a relative tolerance instead of digit by digit, because
round-off and thread counts move the last digits of trained figures from machine to
machine; every other character must still match exactly.
"""

import json
import os
import re
from pathlib import Path

from nbval.plugin import IPyNbCell

from tools.execute import KERNEL_ENV

# The project's one tolerance for numbers in stored outputs. A cell whose figures
# are trained results widens it with a comment line such as `# NBVAL_RTOL 0.05`.
RTOL = 1e-3
RTOL_MARKER = re.compile(r"^\s*#\s*NBVAL_RTOL\s+(\d+(?:\.\d+)?(?:e-?\d+)?)\b", re.M)
SPACES = re.compile(r" +")
BRACKET_PADDING = re.compile(r"(?<=\[) +| +(?=\])")  # NumPy's padding inside [ ]
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")

collect_ignore_glob = ["notebooks/_*.ipynb"]  # the template is not a lesson

# nbval starts its kernels from this process, so they inherit this environment.
os.environ.update(KERNEL_ENV)


def _unit(text):
    """One unit in the last printed digit of a number; 0 for an integer."""
    mantissa, _, exponent = text.lower().partition("e")
    if "." not in mantissa:
        return 0.0 if not exponent else 10.0 ** int(exponent)
    decimals = len(mantissa.split(".")[1])
    return 10.0 ** (int(exponent or 0) - decimals)


def numbers_agree(a, b, rtol):
    """Two printed numbers agree if their rounding intervals, widened by rtol, meet."""
    x, y = float(a), float(b)
    allowed = (_unit(a) + _unit(b)) / 2 + rtol * max(abs(x), abs(y))
    return abs(x - y) <= allowed * (1 + 1e-9)


def texts_agree(reference, test, rtol=RTOL):
    """Same text with every number within tolerance (and no number added or lost).

    Runs of spaces count as one, and spaces just inside square brackets as none:
    NumPy pads printed arrays to the widest number ("[1.58 1.8 ]", "[1.52 1.84]").
    """
    ref_parts, test_parts = (
        [SPACES.sub(" ", part) for part in NUMBER.split(BRACKET_PADDING.sub("", text))]
        for text in (reference, test)
    )
    if ref_parts != test_parts:
        return False
    return all(
        numbers_agree(a, b, rtol)
        for a, b in zip(NUMBER.findall(reference), NUMBER.findall(test), strict=True)
    )


class _Tolerant(str):
    """A sanitized output string whose == compares numbers within tolerance."""

    rtol = RTOL

    def __eq__(self, other):
        if not isinstance(other, str):
            return NotImplemented
        return str.__eq__(self, other) or texts_agree(str(self), str(other), self.rtol)

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = str.__hash__


_nbval_sanitize = IPyNbCell.sanitize


def _sanitize(self, s):
    s = _nbval_sanitize(self, s)
    if not isinstance(s, str):
        return s
    marker = RTOL_MARKER.search(self.cell.source)
    tolerant = _Tolerant(s)
    tolerant.rtol = float(marker[1]) if marker else RTOL
    return tolerant


IPyNbCell.sanitize = _sanitize


def pytest_collectstart(collector):
    """Leave stderr out of nbval's comparison (stored notebooks must have none)."""
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)


# With pytest-xdist (`--numprocesses` in pyproject.toml) every worker runs one
# notebook at a time. The models here are small: two notebooks on one thread each
# finish sooner than two in turn on two threads each, so a worker's kernels get one
# thread unless the caller chose a count.
WORKER_THREADS = {"TF_NUM_INTRAOP_THREADS": "1", "OMP_NUM_THREADS": "1"}


def pytest_configure(config):
    if hasattr(config, "workerinput"):  # set in xdist's worker processes only
        for name, value in WORKER_THREADS.items():
            os.environ.setdefault(name, value)


# pytest-xdist (`--dist=loadscope`) keeps each notebook, and each full-size run, on
# one worker and hands them out in collection order as workers free up. Longest
# first, by the times of the last `python -m benchmarks` run, so that the suite does
# not end with one worker still busy on a long run while the others wait.
TIMINGS = Path(__file__).parent / "benchmarks" / "results.json"


def measured_seconds(path=TIMINGS):
    """{(notebook file name, data set): median seconds} of the last benchmark run,
    empty if there is none."""
    try:
        notebooks = json.loads(path.read_text())["notebooks"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {
        (name, data): run["seconds"]
        for name, runs in notebooks.items()
        for data, run in runs.items()
    }


def expected_seconds(item, seconds):
    """A notebook's nbval cells cost its bundled time, a full-size run (a test
    class with a `notebook` attribute) its stand-in time; other tests 0."""
    if item.path.suffix == ".ipynb":
        return seconds.get((item.path.name, "bundled"), 0.0)
    notebook = getattr(item.cls, "notebook", None)
    return seconds.get((notebook, "standin"), 0.0) if notebook else 0.0


def pytest_collection_modifyitems(config, items):
    """Longest scope first; a stable sort keeps each notebook's cells in order."""
    seconds = measured_seconds()
    items.sort(
        key=lambda item: (
            -expected_seconds(item, seconds),
            item.nodeid.rsplit("::", 1)[0],  # one scope's items stay together
        )
    )
