"""Real-browser fixtures: a small synthetic store, the real Streamlit server, Debian's chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import demo_store

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def is_outside(url: str) -> bool:
    """A request that would leave the machine (anything but loopback, data: and blob: URLs)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
        return False
    return (parts.hostname or "") not in LOCAL_HOSTS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def e2e_store(tmp_path_factory):
    return demo_store(tmp_path_factory, "e2e", scale=0.05, seed=7)


@pytest.fixture(scope="session")
def server(e2e_store):
    port = _free_port()
    env = dict(os.environ, SVF_DB=str(e2e_store.root), PYTHONUNBUFFERED="1")
    (ROOT / "artifacts").mkdir(exist_ok=True)
    log = open(ROOT / "artifacts" / "e2e-server.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.serve",  # what start.sh runs: `streamlit run app.py` with a warm start
         "--server.port", str(port), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while True:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            pytest.fail("Streamlit-servern startade inte (se artifacts/e2e-server.log)")
        time.sleep(0.5)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium saknas: kör test.sh (installerar Debians chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True,
                              locale="sv-SE")
    # Nothing may leave the machine: every request to another host is blocked, recorded, and fails the
    # test at teardown (the product runs offline and must not tell a third party who opens it).
    outside: list[str] = []

    def block(route) -> None:
        outside.append(route.request.url)
        route.abort()

    ctx.route(is_outside, block)
    pg = ctx.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.outside = outside  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
    yield pg
    ctx.close()
    if outside:
        hosts = sorted({urllib.parse.urlsplit(u).hostname or u for u in outside})
        pytest.fail(f"the page requested {len(outside)} URL(s) outside the machine ({', '.join(hosts)}), "
                    f"e.g. {outside[0][:200]}")
