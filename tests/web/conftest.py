"""The dashboard in a real browser: the app served by uvicorn on 127.0.0.1 (an ephemeral port) over a store of
hand-made reports, and headless Chromium driven by Selenium. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from corpus_kit import TOKEN, build_store

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver")

webdriver = pytest.importorskip("selenium.webdriver")
uvicorn = pytest.importorskip("uvicorn")


class Live:
    """The running app: its base URL and the token that writes."""

    def __init__(self, base: str, store_path: Path) -> None:
        self.base = base
        self.store_path = store_path
        self.token = TOKEN

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    from flashpoint.api.app import create_app
    from flashpoint.api.settings import ApiSettings, hash_token

    path = tmp_path_factory.mktemp("web") / "store.duckdb"
    store = build_store(path)
    digest = hash_token(TOKEN)
    settings = ApiSettings(
        token_hashes=(digest,), token_labels=((digest, "analyst"),), rate_per_minute=100_000
    )
    app = create_app(store, settings=settings)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    try:
        yield Live(f"http://127.0.0.1:{port}", path)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM or not DRIVER:
        pytest.skip("headless Chromium is not installed (Debian packages chromium and chromium-driver)")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_script_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def page(browser: Any, live: Live) -> Any:
    """A fresh tab state: the app's origin with session storage cleared."""
    browser.get(live.url("/static/geo/README.md"))  # same origin, no app code
    browser.execute_script("window.sessionStorage.clear()")
    return browser


def screenshot(driver: Any, name: str, element: Any = None) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    target = SHOTS / f"{name}.png"
    if element is not None:
        element.screenshot(str(target))
    else:
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1400, min(max(int(height), 800), 4000))
        driver.save_screenshot(str(target))
        driver.set_window_size(1400, 1000)
    return target
