"""Notebook 08's anomaly_report, imported from the notebook: precision, recall and F1
are those of the anomalies (the positive class), never of the normal examples."""

from pathlib import Path

import numpy as np
import pytest

from helpers import lessons

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "08_anomaly_detection.ipynb"

# 4 anomalies, 6 normal examples; a threshold of 0.5 flags examples 0, 1 and 4:
# two anomalies caught, two missed, one normal example flagged by mistake.
IS_ANOMALY = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
SCORES = np.array([0.9, 0.8, 0.2, 0.1, 0.7, 0.3, 0.2, 0.1, 0.0, 0.5])


@pytest.fixture(scope="module")
def nb08():
    return lessons.load(NOTEBOOK.name, folder=NOTEBOOK.parent)


def test_scores_are_those_of_the_anomalies(nb08):
    report = nb08.anomaly_report(IS_ANOMALY, SCORES, threshold=0.5)
    assert report["precision"] == pytest.approx(2 / 3)  # 2 of 3 flagged are anomalies
    assert report["recall"] == pytest.approx(2 / 4)  # 2 of 4 anomalies flagged
    assert report["F1"] == pytest.approx(4 / 7)
    assert report["normal kept"] == pytest.approx(5 / 6)


def test_swapping_the_classes_would_be_caught(nb08):
    # The normal-class reading: of the 7 let through 5 are normal, 5 of 6 normal kept.
    report = nb08.anomaly_report(IS_ANOMALY, SCORES, threshold=0.5)
    assert report["precision"] != pytest.approx(5 / 7)
    assert report["recall"] != pytest.approx(5 / 6)


def test_a_score_equal_to_the_threshold_is_not_flagged(nb08):
    report = nb08.anomaly_report(IS_ANOMALY, SCORES, threshold=0.9)
    assert report["recall"] == 0.0 and report["precision"] == 0.0
    assert report["normal kept"] == 1.0
