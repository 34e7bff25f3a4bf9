"""Test set-up: offline digits and quiet TensorFlow for tests and notebook kernels."""

import os

from helpers.execute import KERNEL_ENV

# nbval starts its kernels from this process, so they inherit this environment.
os.environ.update(KERNEL_ENV)


def pytest_collectstart(collector):
    """Leave stderr out of nbval's comparison (stored notebooks must have none)."""
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)
