"""The shape every notebook shares: header, badge, setup, ending, a clean stored run.

nbval (configured in pyproject.toml) re-executes the notebooks and compares outputs;
these tests check what nbval does not.
"""

import re
import tomllib
from pathlib import Path

import nbformat
import pytest

from tools.book import LOCAL_LINK  # a relative Markdown link

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
TEMPLATE = ROOT / "notebooks" / "_template.ipynb"
LAST = "This is the last notebook of the collection"
ATTACHMENT = re.compile(r"\]\(attachment:([^)\s]+)\)")  # an image embedded in a cell


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


def _section(nb, title):
    """The Markdown of the H2 section `title`, up to the next H1 or H2."""
    lines, inside = [], False
    for source in _markdown(nb):
        in_fence = False
        for line in source.splitlines():
            in_fence ^= line.startswith("```")
            if not in_fence and re.match(r"^#{1,2} ", line):
                inside = line == f"## {title}"
                continue
            if inside:
                lines.append(line)
    return "\n".join(lines)


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


def _check_opening(nb, name):
    """The first cell holds the only H1 and a Colab badge that opens `name`."""
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    h1 = [title for level, title in _headings(nb) if level == 1]
    assert len(h1) == 1, h1
    assert first.source.startswith("# "), "the H1 must open the first cell"
    badge = BADGE.search(first.source)
    assert badge, "no Colab badge in the first cell"
    github = REPO_URL.removeprefix("https://github.com/")
    expected = (
        f"https://colab.research.google.com/github/{github}/blob/main/notebooks/{name}"
    )
    assert badge["link"] == expected


def test_opens_with_one_h1_and_its_own_colab_badge(notebook):
    path, nb = notebook
    _check_opening(nb, path.name)


def test_every_repository_address_is_the_one_in_pyproject(notebook):
    _, nb = notebook
    text = "\n".join(c.source for c in nb.cells)
    for address in re.findall(r"github\.com/[\w.-]+/[\w.-]+", text):
        assert address == REPO_URL.removeprefix("https://"), address


def _check_skeleton(nb):
    """Setup, then steps, then What you learned, Exercises (Solutions, Next)."""
    h2 = [title for level, title in _headings(nb) if level == 2]
    assert "Setup" in h2
    assert max(level for level, _ in _headings(nb)) <= 3, "no headings below H3"
    assert "What you learned" in h2 and "Exercises" in h2
    tail = h2[h2.index("What you learned") :]
    assert tail == [t for t in ENDING if t in tail], tail
    assert tail[:2] == ["What you learned", "Exercises"], tail
    assert h2.index("Setup") < h2.index("What you learned")


def _check_setup_cell(nb):
    """The first code cell calls helpers.start() before Keras or TensorFlow."""
    setup = _code(nb)[0].source
    assert "helpers.start(" in setup
    start = setup.index("helpers.start(")
    for framework in ("import keras", "import tensorflow"):
        if framework in setup:
            assert setup.index(framework) > start, f"{framework} before helpers.start"


def test_has_setup_and_ends_with_summary_and_exercises(notebook):
    _check_skeleton(notebook[1])


def test_setup_cell_starts_helpers_before_tensorflow(notebook):
    _check_setup_cell(notebook[1])


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
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for target in LOCAL_LINK.findall(cell.source):
            assert (path.parent / target).exists(), target
        for name in ATTACHMENT.findall(cell.source):
            assert name in cell.get("attachments", {}), f"attachment {name} missing"


@pytest.mark.parametrize(
    "index", range(len(NOTEBOOKS)), ids=[p.name for p in NOTEBOOKS]
)
def test_next_section_leads_to_the_following_notebook(index):
    path = NOTEBOOKS[index]
    nxt = _section(nbformat.read(path, as_version=4), "Next")
    assert nxt.strip(), "no ## Next section"
    notebooks = [t for t in LOCAL_LINK.findall(nxt) if t.endswith(".ipynb")]
    if index + 1 < len(NOTEBOOKS):
        following = NOTEBOOKS[index + 1]
        linked = [(path.parent / t).resolve() for t in notebooks]
        assert following.resolve() in linked, f"no link to {following.name}"
        assert LAST not in nxt
    else:
        assert LAST in nxt
        assert not notebooks, f"the last notebook links to {notebooks}"


def test_template_has_the_skeleton_and_no_outputs():
    nb = nbformat.read(TEMPLATE, as_version=4)
    nbformat.validate(nb)
    _check_opening(nb, "NN_short_topic.ipynb")
    _check_skeleton(nb)
    _check_setup_cell(nb)
    assert "SEED = helpers.start(seed=0)" in _code(nb)[0].source
    assert [t for _, t in _headings(nb)][-1] == "Next"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.execution_count is None and cell.outputs == [], cell.source
    # Each worked solution: a "### Solution N" heading and a collapsed code cell.
    solutions = [t for lvl, t in _headings(nb) if lvl == 3 and t.startswith("Sol")]
    assert solutions, "no ### Solution headings"
    assert solutions == [f"Solution {i}" for i in range(1, len(solutions) + 1)]
    heading = re.compile(r"^## Solutions$", re.M)
    start = next(i for i, c in enumerate(nb.cells) if heading.search(c.source))
    answers = [c for c in nb.cells[start:] if c.cell_type == "code"]
    assert len(answers) == len(solutions)
    for cell in answers:
        assert cell.metadata.get("jupyter", {}).get("source_hidden"), cell.source


MAX_CELL_LINES = 20


def test_code_cells_are_short(notebook):
    _, nb = notebook
    for cell in _code(nb):
        lines = len(cell.source.splitlines())
        assert lines <= MAX_CELL_LINES, f"{lines} lines:\n{cell.source[:300]}"


def test_every_stored_figure_has_alternative_text(notebook):
    """Figures are shown with helpers.plots.show(alt): the text is stored with them."""
    _, nb = notebook
    figures = 0
    for cell in _code(nb):
        for out in cell.outputs:
            if "image/png" in out.get("data", {}):
                figures += 1
                alt = out.get("metadata", {}).get("image/png", {}).get("alt", "")
                assert len(alt.split()) >= 5, f"no alternative text:\n{cell.source}"
    shows = sum(c.source.count("helpers.plots.show(") for c in _code(nb))
    assert figures == shows, (figures, shows)
