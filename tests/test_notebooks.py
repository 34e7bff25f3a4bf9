"""The shape every notebook shares: header, badge, setup, ending, a clean stored run.

nbval (configured in pyproject.toml) re-executes the notebooks and compares outputs;
these tests check what nbval does not.
"""

import re
import tomllib
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
REPO_URL = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"][
    "Repository"
]
BADGE = re.compile(
    r"\[!\[Open In Colab\]\(https://colab\.research\.google\.com/assets/"
    r"colab-badge\.svg\)\]\((?P<link>[^)]+)\)"
)
ENDING = ["What you learned", "Exercises", "Solutions", "Next"]


def _markdown(nb):
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def _headings(nb):
    """(level, title) of every Markdown heading, in order (code fences skipped)."""
    found = []
    for source in _markdown(nb):
        in_fence = False
        for line in source.splitlines():
            in_fence ^= line.startswith("```")
            match = re.match(r"^(#{1,6}) (.+)$", line)
            if match and not in_fence:
                found.append((len(match[1]), match[2].strip()))
    return found


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def test_there_are_notebooks_in_reading_order():
    assert NOTEBOOKS, "no notebooks found"
    numbers = [int(p.name[:2]) for p in NOTEBOOKS]
    assert numbers == list(range(len(numbers))), numbers
    for path in NOTEBOOKS:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name), path.name


@pytest.fixture(params=NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def notebook(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_opens_with_one_h1_and_its_own_colab_badge(notebook):
    path, nb = notebook
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    h1 = [title for level, title in _headings(nb) if level == 1]
    assert len(h1) == 1, h1
    assert first.source.startswith("# "), "the H1 must open the first cell"
    badge = BADGE.search(first.source)
    assert badge, "no Colab badge in the first cell"
    github = REPO_URL.removeprefix("https://github.com/")
    expected = (
        f"https://colab.research.google.com/github/{github}/blob/main/"
        f"notebooks/{path.name}"
    )
    assert badge["link"] == expected


def test_every_repository_address_is_the_one_in_pyproject(notebook):
    _, nb = notebook
    text = "\n".join(c.source for c in nb.cells)
    for address in re.findall(r"github\.com/[\w.-]+/[\w.-]+", text):
        assert address == REPO_URL.removeprefix("https://"), address


def test_has_setup_and_ends_with_summary_and_exercises(notebook):
    _, nb = notebook
    h2 = [title for level, title in _headings(nb) if level == 2]
    assert "Setup" in h2
    assert max(level for level, _ in _headings(nb)) <= 3, "no headings below H3"
    assert "What you learned" in h2 and "Exercises" in h2
    tail = h2[h2.index("What you learned") :]
    assert tail == [t for t in ENDING if t in tail], tail
    assert tail[:2] == ["What you learned", "Exercises"], tail
    assert h2.index("Setup") < h2.index("What you learned")


def test_setup_cell_starts_helpers_before_tensorflow(notebook):
    _, nb = notebook
    setup = _code(nb)[0].source
    assert "helpers.start(" in setup
    start = setup.index("helpers.start(")
    for framework in ("import keras", "import tensorflow"):
        if framework in setup:
            assert setup.index(framework) > start, f"{framework} before helpers.start"


def test_was_executed_top_to_bottom_cleanly(notebook):
    _, nb = notebook
    code = _code(nb)
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    for i, cell in enumerate(code):
        for out in cell.outputs:
            assert out.output_type != "error", f"cell {i} stored an error"
            assert out.get("name") != "stderr", f"cell {i} stored stderr: {out.text}"
    ignored = sum("NBVAL_IGNORE_OUTPUT" in c.source for c in code)
    assert ignored <= len(code) // 4, f"{ignored} of {len(code)} cells skip checks"


def test_local_links_and_images_exist(notebook):
    path, nb = notebook
    for source in _markdown(nb):
        for target in re.findall(r"\]\((?!https?://|#)([^)\s]+)\)", source):
            assert (path.parent / target).exists(), target
