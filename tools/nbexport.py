"""Import what a notebook defines in its `#| export` cells, without running the rest.

A notebook keeps its model in full view; cells whose first line is `#| export` hold
only imports, settings and function definitions. A unit test loads them from the
notebook itself, so the code it checks is the code the learner reads, from one copy
(tests/test_numpy_gradients.py checks notebook 05's backward pass this way).
"""

import types
from pathlib import Path

import nbformat

MARKER = "#| export"


def export_cells(path):
    """Source of the notebook's export cells, in order, without the marker line."""
    nb = nbformat.read(Path(path), as_version=4)
    cells = [
        c.source.split("\n", 1)[1] if "\n" in c.source else ""
        for c in nb.cells
        if c.cell_type == "code" and c.source.startswith(MARKER)
    ]
    if not cells:
        raise ValueError(f"{path} has no cells starting with {MARKER!r}")
    return cells


def load(path):
    """Run the export cells of the notebook at `path` in a fresh module; return it."""
    path = Path(path)
    module = types.ModuleType(path.stem)
    module.__file__ = str(path)
    for i, source in enumerate(export_cells(path)):
        if source.lstrip().startswith(("%", "!")):
            raise ValueError(f"{path.name}: export cell {i} starts with a magic")
        exec(compile(source, f"{path.name}[export {i}]", "exec"), module.__dict__)
    return module
