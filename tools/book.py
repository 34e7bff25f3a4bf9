"""Build the book: the executed notebooks as a static website, nothing re-executed.

    python -m tools.book        # writes build/book/html; open its index.html

Sphinx with nbsphinx renders every numbered notebook from its stored outputs (figures,
cell-attachment diagrams, maths, tables, links between notebooks) in reading order,
after an index page made from the README's introduction and notebook table. The build
needs `pip install -r book/requirements.txt` and `npm ci --prefix book` (MathJax,
which the site ships so that its maths renders offline); it fetches nothing.
"""

import argparse
import os
import re
import shutil
import sys
import time
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
IMAGE_DIR = ROOT / "images"
BOOK_DIR = ROOT / "book"  # conf.py, the static files and MathJax's package.json
BUILD_DIR = ROOT / "build" / "book"
SOURCE_DIR = BUILD_DIR / "source"  # the staged notebooks and index
HTML_DIR = BUILD_DIR / "html"
MATHJAX_DIR = BUILD_DIR / "static" / "mathjax"  # served as _static/mathjax/
NODE_MODULES = BOOK_DIR / "node_modules"
# What MathJax 4's TeX-to-HTML component loads at view time, and its default font.
MATHJAX_PARTS = ["tex-chtml.js", "input", "output", "ui", "a11y", "sre", "adaptors"]
FONT_PACKAGE = "mathjax-newcm-font"
FONT_PARTS = ["chtml.js", "chtml"]
README_LINK = "../README.md"
INDEX_SECTIONS = ["Notebooks, in reading order", "Headline results"]  # of the README
# A relative Markdown link (no scheme such as https: or attachment:, no #anchor).
LOCAL_LINK = re.compile(r"\]\((?![a-z]+:|#)([^)\s]+)\)")
REPOSITORY = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"][
    "Repository"
]
SOLUTION_OPEN = (
    '<details class="solution"><summary>Show the solution\'s code and output</summary>'
)
SOLUTION_CLOSE = "</details>"


def notebooks():
    """The lessons, in reading order (the template, `_template.ipynb`, is not one)."""
    return sorted(NOTEBOOK_DIR.glob("[0-9]*.ipynb"))


def _raw_html(source):
    return nbformat.v4.new_raw_cell(source, metadata={"raw_mimetype": "text/html"})


def stage_notebook(nb):
    """The notebook as the site shows it; the stored cells and outputs unchanged.

    Code cells that Jupyter shows collapsed (`jupyter.source_hidden`: the worked
    solutions) are wrapped in a closed <details>, since no Sphinx builder honours
    that flag and a solution should not be read before its exercise. The link back
    to the README points at the site's index, which is made from it.
    """
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace(f"]({README_LINK})", "](index.ipynb)")
        hidden = cell.metadata.get("jupyter", {}).get("source_hidden", False)
        if cell.cell_type == "code" and hidden:
            cells += [_raw_html(SOLUTION_OPEN), cell, _raw_html(SOLUTION_CLOSE)]
        else:
            cells.append(cell)
    nb.cells = cells
    return nb


def _readme_section(readme, title):
    """The text of the README's H2 section `title`, without its heading."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", readme, re.M | re.S)
    if not match:
        raise ValueError(f"README.md has no section '## {title}'")
    return match[1].strip()


def _site_link(target, names):
    """Where a README link goes on the site: a notebook's page, or the repository."""
    name = target.removeprefix("notebooks/")
    if name in names:
        return name
    if target.startswith(f"{IMAGE_DIR.name}/"):
        return target  # stage() copies the images next to the index
    path = ROOT / target
    if not path.exists():
        raise ValueError(f"README links to {target}, which is not in the repository")
    return f"{REPOSITORY}/{'tree' if path.is_dir() else 'blob'}/main/{target}"


def index_notebook(readme, names):
    """The site's first page: the README's introduction, notebook table and results.

    Links to notebooks/NAME.ipynb become links to the pages, links to other files
    of the repository point at it on GitHub; a hidden toctree gives
    the reading order to the side bar and to the previous/next buttons.
    """
    page = readme.split("\n## ", 1)[0].strip()
    for title in INDEX_SECTIONS:
        page += f"\n\n## {title}\n\n{_readme_section(readme, title)}\n"
    page = LOCAL_LINK.sub(lambda m: f"]({_site_link(m[1], names)})", page)
    titles = {
        name: re.search(rf"\| (\d+) \| \[([^]]+)\]\({name}\)", page) for name in names
    }
    if missing := [name for name, title in titles.items() if not title]:
        raise ValueError(f"the README's notebook table has no row for {missing}")
    toctree = nbformat.v4.new_markdown_cell(
        "\n".join(f"* [{t[1]} · {t[2]}]({name})" for name, t in titles.items()),
        metadata={"nbsphinx-toctree": {"hidden": True, "maxdepth": 1}},
    )
    return nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell(page), toctree],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )


def stage_mathjax(node_modules=NODE_MODULES, out=MATHJAX_DIR):
    """Copy what MathJax needs at view time next to the pages (no CDN)."""
    mathjax, font = node_modules / "mathjax", node_modules / "@mathjax" / FONT_PACKAGE
    if not (mathjax / "tex-chtml.js").is_file() or not font.is_dir():
        raise FileNotFoundError(
            f"MathJax is not installed in {node_modules}: run `npm ci --prefix book`"
        )
    if out.exists():
        shutil.rmtree(out)
    for src, parts, dest in [
        (mathjax, MATHJAX_PARTS, out),
        (font, FONT_PARTS, out / "fonts" / FONT_PACKAGE),
    ]:
        for part in parts:
            copy = shutil.copytree if (src / part).is_dir() else shutil.copy2
            dest.mkdir(parents=True, exist_ok=True)
            copy(src / part, dest / part)


def _not_png(folder, names):
    return [name for name in names if not name.endswith(".png")]


def stage(source_dir=SOURCE_DIR):
    """Write the site's sources: the staged notebooks and the index page."""
    if source_dir.exists():
        shutil.rmtree(source_dir)
    source_dir.mkdir(parents=True)
    paths = notebooks()
    for path in paths:
        nb = stage_notebook(nbformat.read(path, as_version=4))
        nbformat.write(nb, source_dir / path.name)
    shutil.copytree(IMAGE_DIR, source_dir / IMAGE_DIR.name, ignore=_not_png)
    readme = (ROOT / "README.md").read_text()
    index = index_notebook(readme, [p.name for p in paths])
    nbformat.write(index, source_dir / "index.ipynb")
    return paths


def _pandoc_on_path():
    """nbsphinx calls `pandoc`: use the one pypandoc-binary ships, if it is there."""
    try:
        import pypandoc
    except ImportError:
        return
    folder = Path(pypandoc.__file__).parent / "files"
    if (folder / "pandoc").is_file():
        os.environ["PATH"] = f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"


def build(out_dir=HTML_DIR):
    """Stage the sources and run Sphinx; return (number of notebooks, seconds)."""
    from sphinx.cmd.build import build_main

    start = time.perf_counter()
    paths = stage()
    stage_mathjax()
    _pandoc_on_path()
    if out_dir.exists():
        shutil.rmtree(out_dir)
    args = ["-b", "html", "-c", str(BOOK_DIR), "-W", "--keep-going", "-q"]
    args += ["-d", str(BUILD_DIR / "doctrees"), str(SOURCE_DIR), str(out_dir)]
    if build_main(args) != 0:
        raise RuntimeError("the Sphinx build failed (its messages are above)")
    return len(paths), time.perf_counter() - start


def site_size_mb(out_dir=HTML_DIR):
    """The site's size on disk, in MB."""
    return sum(p.stat().st_size for p in out_dir.rglob("*") if p.is_file()) / 1e6


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    count, seconds = build()
    print(
        f"built {count} notebooks and the index into {HTML_DIR.relative_to(ROOT)} "
        f"in {seconds:.1f} s ({site_size_mb():.0f} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
