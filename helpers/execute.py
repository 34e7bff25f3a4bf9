"""Re-execute notebooks in place, top to bottom, with the offline data and fixed seeds.

    python -m helpers.execute                 # every notebook in notebooks/
    python -m helpers.execute notebooks/00_what_is_an_autoencoder.ipynb

Stored outputs are then exactly what `pytest` (nbval) re-runs and compares.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat

from helpers import TF_QUIET_ENV
from helpers.data import ENV_VAR

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
# What every kernel sees: the offline digits, quiet TensorFlow, fixed hashing.
KERNEL_ENV = {ENV_VAR: "bundled", "PYTHONHASHSEED": "0", **TF_QUIET_ENV}


def notebook_paths(paths=()):
    """The notebooks to run: the given ones, or all of notebooks/ in reading order."""
    found = [Path(p) for p in paths] or sorted(NOTEBOOK_DIR.glob("[0-9]*.ipynb"))
    for path in found:
        if path.suffix != ".ipynb" or not path.is_file():
            raise ValueError(f"not a notebook file: {path}")
    return found


def run_notebook(path, timeout=600, write=True):
    """Execute one notebook from a clean kernel.

    Returns:
        (notebook, seconds, peak_mb): the executed notebook, the wall-clock seconds
        and the kernel's peak resident memory in MB (None where /proc is missing).
    """
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
    os.environ.update(KERNEL_ENV)  # the kernel inherits this process's environment
    peaks = []
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        on_cell_executed=lambda **_: peaks.append(_peak_rss_mb(client)),
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    if write:
        nbformat.write(nb, path)
    known = [mb for mb in peaks if mb is not None]
    return nb, seconds, max(known, default=None)


def _peak_rss_mb(client):
    """The kernel process's peak resident memory so far (Linux VmHWM), in MB."""
    try:
        status = Path(f"/proc/{client.km.provisioner.pid}/status").read_text()
    except (AttributeError, OSError):
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # reported in kB
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="default: all of notebooks/")
    args = parser.parse_args(argv)
    total = 0.0
    for path in notebook_paths(args.notebooks):
        _, seconds, _ = run_notebook(path)
        total += seconds
        print(f"{seconds:6.1f} s  {path.name}")
    print(f"{total:6.1f} s  in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
