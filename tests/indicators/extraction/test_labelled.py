"""The extraction on our labelled sets (tests/indicators/labelled/), case by case and as a whole."""

import datetime

import pytest

from indicators.extraction import extract_figures
from tests.indicators.labelled import dev, figure_key, heldout, label_key, score

DEV_CASES = dev.SENTENCES + dev.PARAGRAPHS


@pytest.mark.parametrize(("text", "date", "labels"), DEV_CASES, ids=range(len(DEV_CASES)))
def test_dev_case(text, date, labels):
    got = [figure_key(f) for f in extract_figures(text, date=datetime.date.fromisoformat(date))]
    assert sorted(got, key=str) == sorted((label_key(label) for label in labels), key=str)


@pytest.mark.parametrize("cases", [dev.SENTENCES, dev.PARAGRAPHS], ids=["sentences", "paragraphs"])
def test_dev_set_precision_and_recall(cases):
    result = score(cases)
    assert result["precision"] >= 0.95 and result["recall"] >= 0.95


@pytest.mark.parametrize(
    "cases", [heldout.SENTENCES, heldout.PARAGRAPHS], ids=["sentences", "paragraphs"]
)
def test_heldout_set_precision_and_recall(cases):
    """Measured once at the end of issue 18 (1.000 and 1.000); now it guards against regressions."""
    result = score(cases)
    assert result["precision"] >= 0.9 and result["recall"] >= 0.9
