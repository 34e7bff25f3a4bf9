"""Re-execute notebooks in place, top to bottom, with the offline data and fixed seeds.

    python -m tools.execute                 # every notebook in notebooks/
    python -m tools.execute notebooks/00_what_is_an_autoencoder.ipynb

Stored outputs are then exactly what `pytest` (nbval) re-runs and compares. Images
that a Markdown cell shows from images/ are embedded in the notebook as cell
attachments first, so they display in Colab and in HTML exports too.
"""

import argparse
import base64
import contextlib
import os
import re
import sys
import time
from pathlib import Path
from typing import NamedTuple

import nbformat

from helpers import TF_QUIET_ENV
from helpers.data import ENV_VAR

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
IMAGE_DIR = ROOT / "images"
# What every kernel sees: the offline digits, quiet TensorFlow, fixed hashing.
KERNEL_ENV = {ENV_VAR: "bundled", "PYTHONHASHSEED": "0", **TF_QUIET_ENV}
# A Markdown image from images/, as a file link or as an embedded attachment.
# Terminal colour codes, which kernels put in tracebacks.
ANSI = re.compile(r"\x1b\[[0-9;]*m")
IMAGE_LINK = re.compile(r"\]\((?:\.\./images/|attachment:)([\w.-]+\.png)\)")


def notebook_paths(paths=()):
    """The notebooks to run: the given ones, or all of notebooks/ in reading order."""
    found = [Path(p) for p in paths] or sorted(NOTEBOOK_DIR.glob("[0-9]*.ipynb"))
    for path in found:
        if path.suffix != ".ipynb" or not path.is_file():
            raise ValueError(f"not a notebook file: {path}")
    return found


def loads_mnist(path):
    """Whether a notebook loads MNIST (the ones also run on the full-size stand-in)."""
    return "helpers.data.load_mnist(" in Path(path).read_text()


def embed_images(nb, image_dir=IMAGE_DIR):
    """Point Markdown images from image_dir at cell attachments holding the files."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        names = IMAGE_LINK.findall(cell.source)
        if not names:
            continue
        cell.source = IMAGE_LINK.sub(r"](attachment:\1)", cell.source)
        cell["attachments"] = {
            name: {
                "image/png": base64.b64encode((image_dir / name).read_bytes()).decode()
            }
            for name in names
        }
    return nb


@contextlib.contextmanager
def _environment(env):
    """os.environ with `env` added (a kernel inherits it at start), then restored."""
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class Run(NamedTuple):
    """What run_notebook measured of one execution."""

    notebook: nbformat.NotebookNode  # the executed notebook (with any preamble)
    seconds: float  # wall clock, kernel start to the last cell's reply
    peak_mb: float | None  # the kernel's peak resident memory (None: no /proc)
    cells: list  # (cell index in the file, seconds) of each code cell run


def run_notebook(path, timeout=600, write=True, env=None, preamble=None):
    """Execute one notebook from a clean kernel.

    Args:
        path: the .ipynb file.
        timeout: seconds allowed per cell.
        write: store the outputs in the file.
        env: extra environment variables for the kernel (e.g. AE_SEED).
        preamble: source of a code cell run first (not written back).

    Returns:
        Run: the executed notebook, the wall-clock seconds from the kernel's start
        to the last cell's reply (not the kernel's shutdown, which waits for nothing
        a reader waits for), the kernel's peak memory and the seconds of each cell.
    """
    from nbclient import NotebookClient

    path = Path(path)
    nb = embed_images(nbformat.read(path, as_version=4))
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
    run = nb
    offset = 0  # cell index in the file = index in the run - offset
    if preamble is not None:
        run = nbformat.from_dict(nb)  # a copy, so the preamble is never written
        run.cells.insert(0, nbformat.v4.new_code_cell(preamble))
        offset = 1
    peaks, started, cells = [], {}, []

    def executed(cell_index, **_):
        peaks.append(_peak_rss_mb(client))
        if cell_index >= offset:
            seconds = time.perf_counter() - started.pop(cell_index)
            cells.append((cell_index - offset, seconds))
        last[0] = time.perf_counter()

    last = [None]
    client = NotebookClient(
        run,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        shutdown_kernel="immediate",  # TensorFlow's exit takes 2-3 s: not waited for
        on_cell_execute=lambda cell_index, **_: started.update(
            {cell_index: time.perf_counter()}
        ),
        on_cell_executed=executed,
    )
    with _environment({**KERNEL_ENV, **(env or {})}):
        start = time.perf_counter()
        client.execute()
        seconds = (last[0] or time.perf_counter()) - start
    if write:
        nbformat.write(nb, path)
    known = [mb for mb in peaks if mb is not None]
    return Run(run, seconds, max(known, default=None), cells)


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
        seconds = run_notebook(path).seconds
        total += seconds
        print(f"{seconds:6.1f} s  {path.name}")
    print(f"{total:6.1f} s  in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
