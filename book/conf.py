"""Sphinx configuration of the book; `python -m tools.book` stages its sources."""

from tools.book import MATHJAX_DIR, REPOSITORY  # Sphinx runs inside tools.book

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
html_static_path = ["_static", str(MATHJAX_DIR.parent)]
html_css_files = ["book.css"]
html_favicon = "_static/favicon.svg"  # an hourglass: wide, narrow, wide
# The theme logs a console error on a first visit unless a mode is given.
html_context = {"default_mode": "auto"}
html_show_sourcelink = False
html_copy_source = False
html_theme_options = {
    "repository_url": REPOSITORY,
    "use_repository_button": True,
    # Each page's Colab badge opens the notebook itself; the staged copy the download
    # button would offer is not the file a learner should run.
    "use_download_button": False,
    "path_to_docs": "notebooks",
    "show_toc_level": 2,
    "navigation_with_keys": False,
}
