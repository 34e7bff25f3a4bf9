"""helpers.claim: raises on a failed claim, records it instead in soft mode."""

import json

import pytest

from helpers import claims


def test_a_failed_claim_raises(monkeypatch):
    monkeypatch.delenv(claims.SOFT_VAR, raising=False)
    with pytest.raises(AssertionError, match="claim failed: gap: 0.5 is not < 0.1"):
        claims.claim("gap", 0.5, "<", 0.1)


def test_a_holding_claim_says_so_and_is_recorded(monkeypatch, tmp_path, capsys):
    record = tmp_path / "claims.jsonl"
    monkeypatch.setenv(claims.FILE_VAR, str(record))
    claims.claim("gap", 0.05, "<", 0.1)
    assert capsys.readouterr().out.startswith("claim holds: gap:")
    assert json.loads(record.read_text())["holds"] is True


def test_soft_mode_records_a_failed_claim_and_does_not_call_it_held(
    monkeypatch, tmp_path, capsys
):
    record = tmp_path / "claims.jsonl"
    monkeypatch.setenv(claims.FILE_VAR, str(record))
    monkeypatch.setenv(claims.SOFT_VAR, "1")
    claims.claim("gap", 0.5, "<", 0.1)
    out = capsys.readouterr().out
    assert out.startswith("claim FAILED") and "claim holds" not in out
    assert json.loads(record.read_text())["holds"] is False


def test_nan_never_holds(monkeypatch):
    monkeypatch.delenv(claims.SOFT_VAR, raising=False)
    with pytest.raises(AssertionError):
        claims.claim("gap", float("nan"), "<", 0.1)
