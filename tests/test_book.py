"""The book in a real browser: build the site, open every page in headless Chromium.

Fails if a local image did not load, a formula did not render, a link between pages
or to a heading goes nowhere, a local file is missing, or the console shows an error.
Resources from other hosts (the Colab badge) cannot load here and are left out.
Needs `pip install -r book/requirements.txt`, `npm ci --prefix book` and Debian's
`chromium`; skipped without them unless AE_BOOK_TEST=required (as `.ci/run` sets).
Screenshots of notebooks 00 and 09 are written to build/book/screenshots/.
"""

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import nbformat
import pytest

from tools import book

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As the machine's probe starts it: no sandbox as root, no calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ["00_what_is_an_autoencoder.html", "09_variational_autoencoder.html"]
SCREENSHOT_DIR = book.BUILD_DIR / "screenshots"

# What one page holds, read in the page once MathJax has typeset it.
PAGE_FACTS = """async () => {
  if (window.MathJax && MathJax.startup) { await MathJax.startup.promise; }
  const local = (url) => new URL(url, location.href).origin === location.origin;
  const images = [...document.images].filter((img) => local(img.currentSrc || img.src));
  const maths = [...document.querySelectorAll('.math')];
  return {
    images: images.length,
    broken_images: images.filter((img) => !img.complete || img.naturalWidth === 0)
      .map((img) => img.getAttribute('src')),
    maths: maths.length,
    unrendered: maths.filter((m) => !m.querySelector('mjx-container'))
      .map((m) => m.textContent.slice(0, 60)),
    math_errors: [...document.querySelectorAll('mjx-merror')]
      .map((m) => m.textContent.slice(0, 60)),
    links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
    ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
    closed_solutions: [...document.querySelectorAll('details.solution')]
      .filter((d) => !d.open && d.querySelector('.nbinput')).length,
  };
}"""


def _playwright():
    """Playwright's sync API, or a skip (a failure where the test is required)."""
    missing = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "Playwright (pip install -r book/requirements.txt)"
    if not Path(CHROMIUM).is_file():
        missing = "Debian's chromium (apt-get install chromium)"
    if not (book.NODE_MODULES / "mathjax").is_dir():
        missing = "MathJax (npm ci --prefix book)"
    if missing is None:
        return sync_playwright
    if os.environ.get("AE_BOOK_TEST") == "required":
        pytest.fail(f"the book test is required here, but {missing} is missing")
    pytest.skip(f"the book test needs {missing}")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    """Build the site once and visit every page: {page path: facts}, problems."""
    sync_playwright = _playwright()
    count, seconds = book.build()
    handler = functools.partial(_Quiet, directory=str(book.HTML_DIR))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    pages = sorted(p.relative_to(book.HTML_DIR).as_posix()
                   for p in book.HTML_DIR.glob("*.html"))  # fmt: skip
    visited, problems = {}, []
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            current = {}

            def local(url):
                return url.startswith(base)

            def on_console(msg):
                where = msg.location.get("url", "") if msg.location else ""
                if msg.type == "error" and (not where or local(where)):
                    problems.append(f"{current['page']}: console error: {msg.text}")

            def on_response(response):
                if local(response.url) and response.status >= 400:
                    problems.append(
                        f"{current['page']}: {response.status} for {response.url}"
                    )

            def on_failed(request):
                if local(request.url):
                    problems.append(f"{current['page']}: failed {request.url}")

            page.on("console", on_console)
            page.on(
                "pageerror", lambda err: problems.append(f"{current['page']}: {err}")
            )
            page.on("response", on_response)
            page.on("requestfailed", on_failed)
            for name in pages:
                current["page"] = name
                page.goto(base + name, wait_until="networkidle")
                visited[name] = page.evaluate(PAGE_FACTS)
                if name in SCREENSHOTS:
                    page.screenshot(
                        path=str(SCREENSHOT_DIR / name.replace(".html", ".png")),
                        full_page=False,
                    )
            browser.close()
    finally:
        server.shutdown()
    return {"base": base, "pages": visited, "problems": problems,
            "notebooks": count, "seconds": seconds}  # fmt: skip


def test_every_notebook_has_a_page_after_the_index(site):
    names = [p.name.replace(".ipynb", ".html") for p in book.notebooks()]
    assert site["notebooks"] == len(names) >= 10
    assert {"index.html", *names} <= set(site["pages"])
    index = site["pages"]["index.html"]
    linked = {urlparse(link).path.lstrip("/") for link in index["links"]}
    assert set(names) <= linked, "the index links every notebook"


def test_no_console_error_missing_file_or_failed_request(site):
    assert site["problems"] == []


def test_every_local_image_loaded(site):
    broken = {name: f["broken_images"] for name, f in site["pages"].items()}
    assert {name: b for name, b in broken.items() if b} == {}
    # The figures and the cell-attachment diagrams are there to be checked.
    assert site["pages"]["09_variational_autoencoder.html"]["images"] >= 10
    assert site["pages"]["00_what_is_an_autoencoder.html"]["images"] >= 2


def test_every_formula_rendered(site):
    for name, facts in site["pages"].items():
        assert facts["unrendered"] == [], name
        assert facts["math_errors"] == [], name
    assert site["pages"]["09_variational_autoencoder.html"]["maths"] >= 50


def broken_links(base, pages, html_dir):
    """Links on this site whose page, file or heading is not there."""
    broken = []
    for name, facts in pages.items():
        for link in facts["links"]:
            target, fragment = urldefrag(link)
            if not target.startswith(base):
                continue  # another site: out of scope here
            path = urlparse(target).path.lstrip("/") or "index.html"
            if path in pages:
                if fragment and fragment not in pages[path]["ids"]:
                    broken.append(f"{name} -> {path}#{fragment}")
            elif not (html_dir / path).is_file():
                broken.append(f"{name} -> {path}")
    return broken


def test_the_link_check_finds_a_missing_page_and_a_missing_heading(tmp_path):
    base = "http://127.0.0.1:1/"
    pages = {
        "a.html": {"ids": ["top"], "links": [base + "b.html#top", base + "a.html#x"]},
        "b.html": {"ids": ["top"], "links": [base + "c.html", "https://x.org/#y"]},
    }
    assert broken_links(base, pages, tmp_path) == [
        "a.html -> a.html#x",
        "b.html -> c.html",
    ]


def test_every_link_between_pages_and_to_a_heading_resolves(site):
    assert broken_links(site["base"], site["pages"], book.HTML_DIR) == []
    links = [link for f in site["pages"].values() for link in f["links"]]
    assert sum("#" in link and link.startswith(site["base"]) for link in links) > 100


def test_solutions_start_closed(site):
    for path in book.notebooks():
        nb = nbformat.read(path, as_version=4)
        hidden = [
            c for c in nb.cells if c.metadata.get("jupyter", {}).get("source_hidden")
        ]
        page = site["pages"][path.name.replace(".ipynb", ".html")]
        assert page["closed_solutions"] == len(hidden) > 0, path.name


def test_screenshots_of_notebooks_00_and_09_are_written(site):
    for name in SCREENSHOTS:
        shot = SCREENSHOT_DIR / name.replace(".html", ".png")
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
