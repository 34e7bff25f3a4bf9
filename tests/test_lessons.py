"""helpers.lessons: only `#| export` cells are imported from a notebook."""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers import lessons


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
    module = lessons.load(path.name, folder=path.parent)
    assert module.SETTINGS == {"epochs": 3}
    assert module.area(1.0) == pytest.approx(3.14159, rel=1e-5)
    assert module.__name__ == "07_demo"


def test_a_notebook_without_exports_is_an_error(tmp_path):
    path = _write(tmp_path, [new_code_cell("x = 1")])
    with pytest.raises(ValueError, match="no cells starting with '#| export'"):
        lessons.load(path.name, folder=path.parent)


def test_errors_point_at_the_export_cell(tmp_path):
    path = _write(tmp_path, [new_code_cell("#| export\n1 / 0")])
    with pytest.raises(ZeroDivisionError) as info:
        lessons.load(path.name, folder=path.parent)
    assert "07_demo.ipynb[export 0]" in str(info.traceback[-1].path)


def test_the_name_may_omit_the_extension(tmp_path):
    _write(tmp_path, [new_code_cell("#| export\nANSWER = 42")])
    assert lessons.load("07_demo", folder=tmp_path).ANSWER == 42


def test_a_missing_notebook_names_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setattr(lessons, "notebook_url", lambda file_name: None)
    with pytest.raises(FileNotFoundError, match="99_nowhere.ipynb is in none of"):
        lessons.load("99_nowhere", folder=tmp_path)


def test_the_download_address_comes_from_the_package_metadata():
    url = lessons.notebook_url("02_mnist_dense_autoencoder.ipynb")
    assert url == (
        "https://raw.githubusercontent.com/autoencoder-notebooks/"
        "autoencoder-notebooks/main/notebooks/02_mnist_dense_autoencoder.ipynb"
    )


def test_a_name_must_be_a_string():
    with pytest.raises(TypeError, match="name must be a notebook's file name"):
        lessons.load(2)
