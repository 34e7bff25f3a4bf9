"""Benchmarks: `python -m benchmarks` measures every model against its baselines."""
