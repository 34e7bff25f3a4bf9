"""tools.nbexport: only `#| export` cells are imported from a notebook."""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from tools import nbexport


def _write(tmp_path, cells):
    path = tmp_path / "07_demo.ipynb"
    nbformat.write(new_notebook(cells=cells), path)
    return path


def test_only_export_cells_run(tmp_path):
    path = _write(
        tmp_path,
        [
            new_markdown_cell("#| export\nnot code"),
            new_code_cell("#| export\nimport math\n\nSETTINGS = {'epochs': 3}"),
            new_code_cell("raise RuntimeError('the lesson is not re-run')"),
            new_code_cell("#| export\ndef area(r):\n    return math.pi * r**2"),
        ],
    )
    module = nbexport.load(path)
    assert module.SETTINGS == {"epochs": 3}
    assert module.area(1.0) == pytest.approx(3.14159, rel=1e-5)
    assert module.__name__ == "07_demo"


def test_a_notebook_without_exports_is_an_error(tmp_path):
    path = _write(tmp_path, [new_code_cell("x = 1")])
    with pytest.raises(ValueError, match="no cells starting with '#| export'"):
        nbexport.load(path)


def test_errors_point_at_the_export_cell(tmp_path):
    path = _write(tmp_path, [new_code_cell("#| export\n1 / 0")])
    with pytest.raises(ZeroDivisionError) as info:
        nbexport.load(path)
    assert "07_demo.ipynb[export 0]" in str(info.traceback[-1].path)
