"""What a notebook claims about a result: checked where it is made, and recorded.

`claim` asserts a trained result against its threshold and prints the figure it
checked. Both `claim` and `target` (a performance target, never asserted in a
notebook, since seconds depend on the machine) append a JSON line to the file named
by AE_CLAIMS_FILE when that is set; the seed sweep of `python -m benchmarks` reads
those lines to report every claim's spread over seeds and data sets.
"""

import json
import math
import operator
import os

FILE_VAR = "AE_CLAIMS_FILE"
SOFT_VAR = "AE_CLAIMS_SOFT"  # "1": record a failed claim instead of raising (sweeps)
OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def _checked(words, value, op, threshold):
    if not isinstance(words, str) or not words.strip():
        raise TypeError(f"words must be a non-empty string, got {words!r}")
    if op not in OPS:
        raise ValueError(f"op must be one of {list(OPS)}, got {op!r}")
    numbers = {}
    for name, number in (("value", value), ("threshold", threshold)):
        try:
            numbers[name] = float(number)
        except (TypeError, ValueError):
            raise TypeError(
                f"{name} must be a real number, got {type(number).__name__}"
            ) from None
        if not math.isfinite(numbers[name]) and name == "threshold":
            raise ValueError(f"threshold must be finite, got {threshold!r}")
    return numbers["value"], numbers["threshold"]


def _record(kind, words, value, op, threshold, holds):
    path = os.environ.get(FILE_VAR)
    if not path:
        return
    row = {"kind": kind, "words": words, "value": value, "op": op}
    row.update({"threshold": threshold, "holds": holds})
    with open(path, "a") as f:
        f.write(json.dumps(row) + "\n")


def claim(words, value, op, threshold):
    """Assert `value op threshold` (op: <, <=, >, >=) and print the checked figure.

    Args:
        words: what the notebook's text claims, in a few words.
        value: the measured figure (a NaN never holds).
        op: the comparison, as a string.
        threshold: the bound the text promises, with margin over seeds and data.
    """
    value, threshold = _checked(words, value, op, threshold)
    holds = bool(OPS[op](value, threshold))
    _record("claim", words, value, op, threshold, holds)
    if not holds and os.environ.get(SOFT_VAR) != "1":
        raise AssertionError(
            f"claim failed: {words}: {value:.4g} is not {op} {threshold:g}"
        )
    verdict = "claim holds" if holds else "claim FAILED (recorded, soft mode)"
    print(f"{verdict}: {words}: {value:.3g} {op} {threshold:g}")


def target(words, value, op, threshold):
    """Record a performance target (seconds, speed ratios); checked by benchmarks."""
    value, threshold = _checked(words, value, op, threshold)
    _record("target", words, value, op, threshold, bool(OPS[op](value, threshold)))
