"""Sphinx configuration of the book; `python -m tools.book` stages its sources."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

project = "autoencoder-notebooks"
author = "the autoencoder-notebooks contributors"
copyright = "the autoencoder-notebooks contributors, MIT licence"
extensions = ["nbsphinx", "sphinx.ext.mathjax"]
exclude_patterns = ["**.ipynb_checkpoints"]

# Stored outputs only: the site shows what the committed notebooks show.
nbsphinx_execute = "never"
nbsphinx_allow_errors = False

# MathJax 4, shipped in _static (tools.book copies it there from book/node_modules),
# and its font beside it, so that no page fetches it from a CDN.
mathjax_path = "mathjax/tex-chtml.js"
mathjax4_config = {"loader": {"paths": {"fonts": "[mathjax]/fonts"}}}

html_theme = "sphinx_book_theme"
html_title = "Autoencoders with Keras 3"
html_static_path = ["_static", str(ROOT / "build" / "book" / "static")]
html_css_files = ["book.css"]
html_favicon = "_static/favicon.svg"  # an hourglass: wide, narrow, wide
# The theme logs a console error on a first visit unless a mode is given.
html_context = {"default_mode": "auto"}
html_show_sourcelink = False
html_copy_source = False
html_theme_options = {
    "repository_url": _project["urls"]["Repository"],
    "use_repository_button": True,
    # Each page's Colab badge opens the notebook itself; the staged copy the download
    # button would offer is not the file a learner should run.
    "use_download_button": False,
    "path_to_docs": "notebooks",
    "show_toc_level": 2,
    "navigation_with_keys": False,
}
