"""Use what an earlier notebook defined, from that notebook: no second copy.

A notebook keeps its model in full view. Cells whose first line is `#| export` hold
only imports, settings and function definitions; `load("02_mnist_dense_autoencoder")`
runs those cells (and nothing else) in a fresh module and returns it, so a later
notebook can build 02's model exactly as 02 does:

    dense = helpers.lessons.load("02_mnist_dense_autoencoder")
    autoencoder, encoder, decoder = dense.build_autoencoder(latent_dim=32)

The notebook is read from this repository's `notebooks/` folder, or, where only the
helpers package is installed (Colab), downloaded from the repository it came from.
"""

import json
import types
import urllib.request
from importlib import metadata
from pathlib import Path

MARKER = "#| export"
FOLDER = "notebooks"
DISTRIBUTION = "autoencoder-notebooks"


def export_cells(notebook):
    """Source of the export cells of a notebook (a parsed .ipynb dict), in order."""
    cells = []
    for cell in notebook.get("cells", []):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        if cell.get("cell_type") == "code" and source.startswith(MARKER):
            cells.append(source.split("\n", 1)[1] if "\n" in source else "")
    return cells


def load(name, folder=None):
    """Run the export cells of notebook `name` (file name, .ipynb optional).

    Args:
        name: such as "02_mnist_dense_autoencoder".
        folder: where to look first; default: the working directory, its
            `notebooks/` folder and the repository this package sits in.

    Returns:
        A module whose attributes are what the export cells define.
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a notebook's file name, got {name!r}")
    file_name = name if name.endswith(".ipynb") else f"{name}.ipynb"
    notebook, where = _read(file_name, folder)
    cells = export_cells(notebook)
    if not cells:
        raise ValueError(f"{where} has no cells starting with {MARKER!r}")
    module = types.ModuleType(Path(file_name).stem)
    module.__file__ = where
    for i, source in enumerate(cells):
        if source.lstrip().startswith(("%", "!")):
            raise ValueError(f"{file_name}: export cell {i} starts with a magic")
        exec(compile(source, f"{file_name}[export {i}]", "exec"), module.__dict__)
    return module


def _read(file_name, folder):
    package_root = Path(__file__).resolve().parent.parent
    folders = [Path.cwd(), Path.cwd() / FOLDER, package_root / FOLDER]
    if folder is not None:
        folders.insert(0, Path(folder))
    for candidate in folders:
        path = candidate / file_name
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8")), str(path)
    url = notebook_url(file_name)
    if url is None:
        looked = ", ".join(str(f) for f in folders)
        raise FileNotFoundError(f"{file_name} is in none of: {looked}")
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
        return json.loads(response.read().decode("utf-8")), url


def notebook_url(file_name, branch="main"):
    """Raw address of a notebook in the repository named in the package metadata."""
    try:
        urls = metadata.metadata(DISTRIBUTION).get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip() == "Repository" and "github.com/" in url:
            repo = url.strip().rstrip("/").split("github.com/", 1)[1]
            return f"https://raw.githubusercontent.com/{repo}/{branch}/{FOLDER}/{file_name}"
    return None
