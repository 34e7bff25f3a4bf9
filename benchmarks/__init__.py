"""Benchmarks: `python -m benchmarks` re-runs the notebooks over seeds and data."""
