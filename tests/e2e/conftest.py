"""One real app server, one headless Chromium, and a fresh browser context per test.

The server is ``streamlit run streamlit_app.py`` from the repository root on a free
loopback port, with the shipped ``lessons/`` and the repository's ``.streamlit/config.toml``.
The browser is Debian's Chromium driven by Playwright for Python (Playwright's own browser
download needs the internet, so it is never used). Where either is missing every test that
needs them is skipped with a message saying how to install them.

Every request a browser context makes is recorded; a test's context that asked for anything
off this machine fails the test (see :meth:`AppPage.assert_stayed_on_machine`).
Screenshots go to ``test-output/e2e/<screen>/`` at the repository root (ignored by git),
one folder for the 1366x768 laptop screen and one for the same screen at 200% zoom.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # every browser test skips with INSTALL_HINT
    expect = sync_playwright = None
    PlaywrightTimeoutError = TimeoutError

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, CDPSession, Locator, Page

ROOT = Path(__file__).parents[2]
OUTPUT = ROOT / "test-output" / "e2e"

INSTALL_HINT = (
    "Real-browser tests need Chromium and Playwright for Python. Install them with "
    '`apt-get install chromium` and `pip install -e ".[test]"`'
)
CHROMIUM_ENV = "WORKSHOP_CHROMIUM"
"""Path of a Chromium binary to use instead of the one on ``PATH``."""

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]

SERVER_START_TIMEOUT = 60.0
TIMEOUT_MS = 15_000

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
LOCAL_SCHEMES = frozenset({"data", "blob", "about"})

# Streamlit puts no mark on the page when a click asks for a rerun: the page says
# "notRunning" until the server answers, so a wait that only looks at the page can be over
# before the rerun has begun. The app's web socket says both, and this script, run in each
# page before the app, counts what goes over it. Streamlit's messages are protocol buffers;
# it reads their top-level fields. A BackMsg with field 11 (rerun_script) asks for a run; a
# ForwardMsg with field 6 (script_finished) ends one, unless its status is 2
# (FINISHED_EARLY_FOR_RERUN: another run follows). Events are numbered in order:
# ``requested`` is the last request's number, ``finished`` the last finished run's.
#
# A finished run is counted in a task posted when its message arrives (a MessageChannel
# message, as React's scheduler posts its work). React's task that draws the run's start
# was posted before that, so by then the page says "running" or already shows the whole
# run; RUNS_DONE also wants the page to say "notRunning", as it does once the run is drawn.
RUN_TRACKER = """
(() => {
  const RERUN_SCRIPT = 11, SCRIPT_FINISHED = 6, FINISHED_EARLY_FOR_RERUN = 2;
  const runs = { events: 0, requests: 0, requested: 0, finished: 0 };
  window.__workshopRuns = runs;
  // The top-level fields of a message: field number -> its value if a number, else null.
  const fields = (data) => {
    const found = new Map();
    let bytes = null;
    if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
    else if (ArrayBuffer.isView(data)) {
      bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    }
    if (bytes === null) return found;
    let at = 0;
    const varint = () => {
      let value = 0, scale = 1, byte = 0x80;
      while (byte & 0x80 && at < bytes.length) {
        byte = bytes[at++];
        value += (byte & 0x7f) * scale;
        scale *= 128;
      }
      return value;
    };
    while (at < bytes.length) {
      const tag = varint(), field = Math.floor(tag / 8), wire = tag % 8;
      if (wire === 0) found.set(field, varint());
      else if (wire === 2) { const length = varint(); found.set(field, null); at += length; }
      else if (wire === 1) { found.set(field, null); at += 8; }
      else if (wire === 5) { found.set(field, null); at += 4; }
      else break;
    }
    return found;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (message) => {
        const status = fields(message.data).get(SCRIPT_FINISHED);
        if (status === undefined || status === FINISHED_EARLY_FOR_RERUN) return;
        const number = ++runs.events;
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          runs.finished = Math.max(runs.finished, number);
          channel.port1.close();
        };
        channel.port2.postMessage(null);
      });
    }
    send(data) {
      super.send(data);  // first: nothing here may stop the app's message
      if (fields(data).has(RERUN_SCRIPT)) {
        runs.requests += 1;
        runs.requested = ++runs.events;
      }
    }
  };
})();
"""

# Connected, and every run asked for so far drawn: the condition of :meth:`AppPage.wait_for_run`.
RUNS_DONE = """
(requestsBefore) => {
  const app = document.querySelector("[data-testid='stApp']");
  const runs = window.__workshopRuns;
  return app !== null && runs !== undefined && runs.requests > requestsBefore &&
    app.dataset.testConnectionState === 'CONNECTED' &&
    app.dataset.testScriptState === 'notRunning' && runs.finished > runs.requested;
}
"""

RUN_STATE = """
() => {
  const app = document.querySelector("[data-testid='stApp']");
  return JSON.stringify({
    runs: window.__workshopRuns ?? null,
    connection: app?.dataset.testConnectionState ?? null,
    script: app?.dataset.testScriptState ?? null,
  });
}
"""

# Resolves when the element's animations and transitions (its descendants' too) have ended;
# endless ones (spinners) are left out.
ANIMATIONS_DONE = """
(el) => Promise.all(el.getAnimations({ subtree: true })
  .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
  .map((a) => a.finished.catch(() => null)))
  .then(() => null)
"""

# Resolves when every picture in the element has loaded (or failed to).
PICTURES_LOADED = """
(el) => Promise.all([...el.querySelectorAll('img')]
  .map((img) => img.complete ? null : img.decode().catch(() => null)))
  .then(() => null)
"""


@dataclass(frozen=True)
class Screen:
    """A browser window: a CSS viewport and how many device pixels per CSS pixel."""

    name: str
    width: int
    height: int
    scale: int


LAPTOP = Screen("1366x768", 1366, 768, 1)
# 200% browser zoom on a 1366x768 laptop: half as many CSS pixels, each drawn twice as big
# (a device scale factor alone would keep the layout of the 1366 px window).
ZOOM_200 = Screen("1366x768-zoom200", 683, 384, 2)
SCREENS = (LAPTOP, ZOOM_200)


def off_machine(urls: list[str]) -> list[str]:
    """The URLs that go anywhere but this machine's loopback address (data:/blob: are fine)."""
    leaving = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            continue
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in LOOPBACK_HOSTS:
            continue
        leaving.append(url)
    return leaving


def find_chromium() -> str | None:
    """Debian's ``chromium`` (or ``$WORKSHOP_CHROMIUM``), or None when there is none."""
    override = os.environ.get(CHROMIUM_ENV)
    if override is not None:
        return override if Path(override).is_file() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


# --- the server --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _tail(path: Path, lines: int = 30) -> str:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except OSError:
        return False


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Where Chromium is; skips the test (before any server starts) when it cannot run."""
    if sync_playwright is None:
        pytest.skip(f"{INSTALL_HINT} (playwright is not importable).")
    path = find_chromium()
    if path is None:
        pytest.skip(f"{INSTALL_HINT} (no `chromium` on PATH, nor in ${CHROMIUM_ENV}).")
    return path


@pytest.fixture(scope="session")
def app_url(chromium_path: str) -> Iterator[str]:
    """A real ``streamlit run streamlit_app.py`` on a free loopback port, stopped afterwards."""
    del chromium_path  # only here so that a missing browser skips before the server starts
    OUTPUT.mkdir(parents=True, exist_ok=True)
    log_path = OUTPUT / "server.log"
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "WORKSHOP_LESSONS_DIR"}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "streamlit_app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    with log_path.open("w", encoding="utf-8") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not _healthy(url):
            if server.poll() is not None:
                pytest.fail(
                    f"streamlit run exited with code {server.returncode}:\n{_tail(log_path)}"
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit run not healthy after {SERVER_START_TIMEOUT:.0f} s:\n"
                    f"{_tail(log_path)}"
                )
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


# --- the browser -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    """One headless Chromium for the whole run."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def record_requests(context: BrowserContext) -> list[str]:
    """Every URL the context's pages ask for from now on, web sockets included."""
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.on("page", lambda page: page.on("websocket", lambda ws: requests.append(ws.url)))
    return requests


_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Remember whether the test body failed, so a fixture can keep a screenshot of it."""
    report = yield
    if report.when == "call":
        item.stash[_FAILED] = report.failed
    return report


@pytest.fixture
def app(browser: Browser, app_url: str, request: pytest.FixtureRequest) -> Iterator[AppPage]:
    """A new browser context (a new pupil) on the app's start page at laptop size."""
    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(
        viewport={"width": LAPTOP.width, "height": LAPTOP.height},
        device_scale_factor=LAPTOP.scale,
        accept_downloads=True,
    )
    context.set_default_timeout(TIMEOUT_MS)
    requests = record_requests(context)
    page = context.new_page()
    app = AppPage(page=page, url=app_url, cdp=context.new_cdp_session(page), requests=requests)
    try:
        app.open()
        yield app
        if request.node.stash.get(_FAILED, False):
            app.screenshot("FAILED-" + re.sub(r"[^\w.-]+", "_", request.node.name))
            # Shown under the failure: what the server said (a CI run keeps nothing else).
            print(f"--- the server's log, last lines ---\n{_tail(OUTPUT / 'server.log')}")
    finally:
        context.close()
    app.assert_stayed_on_machine()  # also catches requests made after the test's own check


# --- driving the app ---------------------------------------------------------------------

# Text cut off inside the main block, and button text outside its button. Returns a list
# of readable problems; elements that are not visible (closed expanders, other tabs) are
# left out.
LAYOUT_CHECK = """
(main) => {
  const problems = [];
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 &&
      el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  };
  const name = (el) => {
    const id = el.getAttribute('data-testid');
    const text = (el.innerText || '').trim().replace(/\\s+/g, ' ').slice(0, 70);
    return `<${el.tagName.toLowerCase()}${id ? ' data-testid=' + id : ''}> "${text}"`;
  };
  // Streamlit's icon-only buttons (e.g. the uploader's "+") draw an icon from a word
  // ("add") in an icon font: the word is not text a pupil reads.
  const icon = '[data-testid=stBaseButton-borderlessIcon], [data-testid=stIconMaterial]';
  for (const el of main.querySelectorAll('*')) {
    if (!(el.innerText || '').trim() || !shown(el) || el.closest(icon)) continue;
    const style = getComputedStyle(el);
    const clips = (overflow) => overflow === 'hidden' || overflow === 'clip';
    const clipsX = clips(style.overflowX) || style.textOverflow === 'ellipsis';
    if (clipsX && el.scrollWidth > el.clientWidth + 1) {
      const size = `${el.scrollWidth} > ${el.clientWidth} px`;
      problems.push(`text cut off at the side (${size}): ${name(el)}`);
    }
    if (clips(style.overflowY) && el.scrollHeight > el.clientHeight + 1) {
      const size = `${el.scrollHeight} > ${el.clientHeight} px`;
      problems.push(`text cut off at the bottom (${size}): ${name(el)}`);
    }
  }
  for (const button of document.querySelectorAll('button, [role=tab]')) {
    if (!(button.innerText || '').trim() || !shown(button) || button.matches(icon)) continue;
    if (button.scrollWidth > button.clientWidth + 1) {
      problems.push(`button text wider than its button: ${name(button)}`);
      continue;
    }
    const box = button.getBoundingClientRect();
    const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const outside = [...range.getClientRects()].some((r) => r.width > 0 && (
        r.left < box.left - 1 || r.right > box.right + 1 ||
        r.top < box.top - 1 || r.bottom > box.bottom + 1));
      if (outside) {
        problems.push(`button text outside its button: ${name(button)}`);
        break;
      }
    }
  }
  return problems;
}
"""

# The kit's style.css promises 44x44 px targets (WCAG 2.5.5) for buttons and page links.
SMALL_TARGETS = """
(main) => [...main.querySelectorAll(
    '.stButton button, .stDownloadButton button, [data-testid=stPageLink] a')]
  .filter((el) => el.checkVisibility())
  .map((el) => [el.innerText.trim(), el.getBoundingClientRect()])
  .filter(([, box]) => box.width < 44 - 0.5 || box.height < 44 - 0.5)
  .map(([text, box]) => `"${text}" is ${Math.round(box.width)}x${Math.round(box.height)} px`)
"""


@dataclass
class AppPage:
    """The app in one browser tab, with waits for what the app has done (no fixed pauses).

    The tab starts at laptop size. :meth:`use_screen` switches it to another window size
    in place (Chrome DevTools device metrics: CSS viewport and device scale factor, as a
    context's ``viewport`` and ``device_scale_factor`` would set them), so one journey is
    looked at on both screens without walking it twice.
    """

    page: Page
    url: str
    cdp: CDPSession
    requests: list[str] = field(default_factory=list)
    screen: Screen = LAPTOP

    @property
    def main(self) -> Locator:
        return self.page.get_by_test_id("stMain")

    @property
    def heading(self) -> Locator:
        """The page's title (``st.title``): its first top-level heading."""
        return self.main.locator("h1").first

    def __post_init__(self) -> None:
        self.page.add_init_script(RUN_TRACKER)

    def open(self, path: str = "") -> None:
        self.page.goto(f"{self.url}/{path}")
        self.wait_for_run()

    def _runs_done(self, requests_before: int, timeout: float, what: str) -> None:
        try:
            self.page.wait_for_function(
                RUNS_DONE, arg=requests_before, polling="raf", timeout=timeout
            )
        except PlaywrightTimeoutError:
            state = self.page.evaluate(RUN_STATE)
            pytest.fail(f"{what} within {timeout / 1000:.0f} s: {state}")

    def wait_for_run(self, timeout: float = TIMEOUT_MS) -> None:
        """Connected, and every run the page has asked for has finished and been drawn."""
        self._runs_done(0, timeout, "the app did not finish its runs")

    @contextmanager
    def reruns(self, timeout: float = TIMEOUT_MS) -> Iterator[None]:
        """Wait, after the block, for the rerun it asked for (and any before it) to finish.

        Fails if the block asked for no rerun: clicks that only change what the browser
        shows (a tab, an expander) are waited for by what they show instead.
        """
        before = self.page.evaluate("() => window.__workshopRuns.requests")
        yield
        self._runs_done(before, timeout, "no rerun was asked for and finished")

    def press(self, target: Locator, timeout: float = TIMEOUT_MS) -> None:
        """Click a button, radio option or link, then wait for its rerun to finish."""
        with self.reruns(timeout):
            target.click()

    def press_key(self, target: Locator, key: str) -> None:
        """Press a key on a widget (a slider step), then wait for its rerun to finish."""
        with self.reruns():
            target.press(key)

    def button(self, label: str) -> Locator:
        return self.main.get_by_role("button", name=label, exact=True)

    def open_tab(self, name: str) -> None:
        """Show one of ``st.tabs`` (the browser alone does that: there is no rerun)."""
        tab = self.main.get_by_role("tab", name=name, exact=True)
        tab.click()
        expect(tab).to_have_attribute("aria-selected", "true")

    def go_to(self, title: str, section: str | None = None) -> None:
        """Open a page from the navigation: the top bar, or the sidebar on narrow screens."""
        expand = self.page.get_by_test_id("stExpandSidebarButton")
        if not expand.is_visible():
            nav = self.page.get_by_test_id("stTopNav")
            link = nav.get_by_role("link", name=title, exact=True)
            if section is not None and not link.is_visible():
                nav.get_by_test_id("stTopNavSection").filter(has_text=section).click()
                popover = self.page.get_by_test_id("stTopNavPopover")
                link = popover.get_by_role("menuitem", name=title, exact=True)
            self.press(link)
            return
        expand.click()
        sidebar = self.page.get_by_test_id("stSidebar")
        expect(sidebar).to_have_attribute("data-collapsed", "false")
        sidebar.evaluate(ANIMATIONS_DONE)  # slid in
        self.press(sidebar.get_by_test_id("stSidebarNav").get_by_role("link", name=title))
        # At 683 px the sidebar stays open over the page after a link is chosen (Streamlit
        # closes it by itself only on phone-sized screens): close it, as a pupil would.
        self.page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        sidebar.evaluate(ANIMATIONS_DONE)  # slid out

    def download(self, target: Locator) -> bytes:
        """Click something that downloads a file and return the file's bytes.

        The page must have finished its run first (a click on a button that a rerun is
        replacing starts no download), and a download whose data is made when pressed
        takes a rerun of its own: on a busy CI machine that can take a while.
        """
        self.wait_for_run()
        with self.page.expect_download(timeout=60_000) as download:
            target.click()
        return Path(download.value.path()).read_bytes()

    def use_screen(self, screen: Screen, height: int | None = None) -> None:
        """Show the page as on ``screen`` (optionally taller, for a whole-page picture)."""
        self.cdp.send(
            "Emulation.setDeviceMetricsOverride",
            {
                "width": screen.width,
                "height": height or screen.height,
                "deviceScaleFactor": screen.scale,
                "mobile": False,
                "screenWidth": screen.width,
                "screenHeight": screen.height,
            },
        )
        self.screen = screen
        # Let the page lay itself out again: React re-renders on the resize event, and the
        # browser paints on the frame after.
        self.page.evaluate(
            "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )

    def layout_problems(self) -> list[str]:
        return self.main.evaluate(LAYOUT_CHECK) + self.main.evaluate(SMALL_TARGETS)

    def snap(self, name: str) -> list[Path]:
        """Look at the page on every screen: check for cut-off text and small targets,
        and keep a whole-page screenshot of each."""
        problems, paths = [], []
        self.main.evaluate(PICTURES_LOADED)
        try:
            for screen in SCREENS:
                self.use_screen(screen)
                problems += [f"{screen.name}: {problem}" for problem in self.layout_problems()]
                paths.append(self.screenshot(name))
        finally:
            self.use_screen(LAPTOP)
        assert not problems, f"{name} ({paths[-1].parent.parent}):\n" + "\n".join(problems)
        return paths

    def screenshot(self, name: str) -> Path:
        """The whole page, top to bottom, as wide as the current screen."""
        path = OUTPUT / self.screen.name / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        # The app scrolls inside stMain, so a screenshot of the window would stop at its
        # bottom edge: make the window as tall as the page for the picture.
        screen = self.screen
        tall = self.main.evaluate("(main) => main.scrollHeight")
        try:
            if tall > screen.height:
                self.use_screen(screen, height=tall)
            shot = self.cdp.send("Page.captureScreenshot", {"format": "png"})
        finally:
            if tall > screen.height:
                self.use_screen(screen)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def assert_stayed_on_machine(self) -> None:
        """Fail when this tab asked for anything but the app's loopback address."""
        assert self.requests, "no requests were recorded: the privacy check is not working"
        leaving = off_machine(self.requests)
        assert not leaving, "requests left the machine:\n" + "\n".join(sorted(set(leaving)))
