"""Project promises: CI runs the README command, ruff is clean, diagrams redraw."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
