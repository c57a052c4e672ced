"""The web page of ``newsaudit serve`` driven in headless Chromium, as an analyst would use it.

A real server is started (``python -m newsaudit serve``) with an archive holding the Reuters
original of the canonical page, and Selenium drives the Debian ``chromium`` through its
``chromedriver`` (``make test`` installs both; these tests skip, saying why, only where no
browser can be had). ``NEWSAUDIT_SCREENSHOTS=DIR`` saves the screenshots shown in docs/.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .test_provenance import _story

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[dev]')")
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = os.environ.get("NEWSAUDIT_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = os.environ.get("NEWSAUDIT_CHROMEDRIVER") or shutil.which("chromedriver")
SHOTS = os.environ.get("NEWSAUDIT_SCREENSHOTS")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="no headless browser: `make test` installs the Debian packages chromium and chromium-driver "
    "(apt-get); set NEWSAUDIT_CHROMIUM / NEWSAUDIT_CHROMEDRIVER to use others",
)

#: A comment that tries to run script, load an image and restyle the page: it must stay text.
HOSTILE_COMMENT = (
    '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
    '<b style="color:red">bold?</b> These people are vermin and should be wiped out'
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as answer:  # a local test server only
        return answer.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, canonical_text: str) -> Iterator[str]:
    """A running ``newsaudit serve`` with the Reuters original in its archive; yields its base URL."""
    folder = tmp_path_factory.mktemp("serve")
    port = _free_port()
    env = {**os.environ, "NEWSAUDIT_SLANT_BOOSTER": "0"}
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "newsaudit", "serve", "--port", str(port), "--archive", str(folder / "a.sqlite"),
         "--jobs-dir", str(folder / "jobs"), "-q"],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(base + "/healthz")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the server did not start: " + (folder / "server.log").read_text())
                time.sleep(0.2)
        original = {"documents": [{"id": "reuters:syria", "text": _story(canonical_text),
                                   "title": "Russia will target U.S.-backed fighters in Syria if provoked"}]}
        request = urllib.request.Request(base + "/v1/archive", data=json.dumps(original).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert json.load(answer)["documents"] == 1
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--window-size=1400,1600"):
        options.add_argument(arg)
    try:
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    except WebDriverException as exc:
        pytest.skip(f"chromium is installed but does not start here: {exc.msg}")
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


def _shot(driver: WebDriver, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(SHOTS) / name))


def _audit_example(driver: WebDriver, base: str) -> None:
    driver.get(base + "/")
    driver.find_element(By.ID, "run-example").click()
    WebDriverWait(driver, 120).until(expected_conditions.presence_of_element_located((By.ID, "result")))


@pytest.fixture(scope="module")
def example(browser: WebDriver, server: str) -> WebDriver:
    """The browser showing the canonical page, audited through the form."""
    _audit_example(browser, server)
    return browser


def _background(el: WebElement) -> str:
    return str(el.value_of_css_property("background-color"))


def _painted(el: WebElement) -> bool:
    return _background(el) not in {"rgba(0, 0, 0, 0)", "transparent"}


def _mark(driver: WebDriver, words: str) -> WebElement:
    found = [m for m in driver.find_elements(By.CSS_SELECTOR, "#doc mark.f") if words in m.text]
    assert found, f"no highlight on {words!r}"
    return found[0]


def _close_panel(driver: WebDriver) -> None:
    if driver.find_element(By.ID, "panel").is_displayed():
        driver.find_element(By.ID, "panel-close").click()


def test_form_page_loads_with_its_own_assets_only(browser: WebDriver, server: str) -> None:
    browser.get(server + "/")
    assert browser.find_element(By.ID, "text").is_displayed()
    assert browser.find_element(By.ID, "run-example").is_displayed()
    _shot(browser, "web-form.png")
    sources = browser.execute_script(
        "return [...document.querySelectorAll('script[src], link[href]')].map(e => e.src || e.href)")
    assert sources and all(s.startswith(server) or s.startswith("data:") for s in sources), sources


def test_insertion_is_highlighted_apart_from_the_wire_body(example: WebDriver) -> None:
    insertions = example.find_elements(By.CSS_SELECTOR, "#doc .b-insertion")
    assert len(insertions) == 3
    assert insertions[0].text.strip().startswith("The United States’ highly illegal operations")
    paragraph = example.find_elements(By.CSS_SELECTOR, "#doc .b-paragraph")[0]
    assert _painted(insertions[0]) and _background(insertions[0]) != _background(paragraph)
    assert "insertion" in insertions[0].get_attribute("data-label")
    # The wire copy is a bar beside its paragraphs, not paint over them: the body text stays unmarked.
    assert "bar-wire_copy" in paragraph.get_attribute("class")
    assert not paragraph.find_elements(By.CSS_SELECTOR, "mark.f:not(.sent)")


def test_loaded_language_is_highlighted_and_a_click_shows_the_evidence(example: WebDriver) -> None:
    mark = _mark(example, "highly illegal")
    assert _painted(mark)
    example.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    mark.click()
    panel = example.find_element(By.ID, "panel")
    WebDriverWait(example, 10).until(lambda d: panel.is_displayed())
    evidence = example.find_element(By.ID, "panel-list").text
    assert "Loaded language" in evidence
    assert "insertion voice" in evidence
    assert "[81, 95)" in evidence  # the offsets of the words
    assert "score 0." in evidence
    _shot(example, "web-evidence.png")
    _close_panel(example)
    assert not panel.is_displayed()


def test_rejected_comments_show_their_decision(example: WebDriver) -> None:
    rejected = example.find_elements(By.CSS_SELECTOR, "#doc .b-comment.d-reject")
    assert len(rejected) == 6
    allowed = example.find_elements(By.CSS_SELECTOR, "#doc .b-comment.d-allow")
    assert len(allowed) == 1
    assert _background(rejected[0]) != _background(allowed[0])
    badge = rejected[0].find_element(By.CSS_SELECTOR, "span.badge")
    assert badge.get_attribute("data-decision") == "reject"
    assert "antisemitism" in badge.get_attribute("data-why")
    example.execute_script("arguments[0].scrollIntoView({block: 'center'})", badge)
    _shot(example, "web-comments.png")
    badge.click()
    WebDriverWait(example, 10).until(lambda d: d.find_element(By.ID, "panel").is_displayed())
    assert "moderation decision" in example.find_element(By.ID, "panel-list").text
    _close_panel(example)


def test_filters_hide_a_stage_and_a_voice(example: WebDriver) -> None:
    comments = example.find_element(By.CSS_SELECTOR, 'input[data-filter="stage"][value="comments"]')
    badge = example.find_element(By.CSS_SELECTOR, "#doc span.badge")
    comments.click()
    try:
        assert not badge.is_displayed()
        assert "off" in _mark(example, "tribe of nomadic terrorists").get_attribute("class")
        assert "off" not in _mark(example, "highly illegal").get_attribute("class")
    finally:
        comments.click()
    assert badge.is_displayed()
    insertion = example.find_element(By.CSS_SELECTOR, 'input[data-filter="voice"][value="insertion"]')
    insertion.click()
    try:
        assert "off" in _mark(example, "highly illegal").get_attribute("class")
        listed = example.find_elements(By.CSS_SELECTOR, "ol.findings > li[data-voice='insertion']")
        assert listed and not any(li.is_displayed() for li in listed)
    finally:
        insertion.click()


def test_provenance_view_sets_the_page_beside_its_source(example: WebDriver) -> None:
    section = example.find_element(By.ID, "provenance-diff")
    added = section.find_elements(By.CSS_SELECTOR, "tr.pd-added")
    assert len(added) == 3
    assert "The United States’ highly illegal" in added[0].text
    assert section.find_elements(By.CSS_SELECTOR, "tr.pd-copied")
    assert "reuters:syria" in section.find_element(By.CSS_SELECTOR, "ul.pd-sources").text
    example.execute_script("arguments[0].scrollIntoView()", section)
    _shot(example, "web-provenance.png")


def test_summary_card_reads_as_sentences(example: WebDriver) -> None:
    card = example.find_element(By.ID, "summary").text
    assert "Reuters copy" in card and "6 reject" in card
    assert "{" not in card  # no raw dictionaries
    example.execute_script("window.scrollTo(0, 0)")
    _shot(example, "web-audit.png")


def test_hostile_comment_stays_text(browser: WebDriver, server: str, canonical_text: str) -> None:
    page = canonical_text.replace("Thank you Kenneth", HOSTILE_COMMENT + "\n\nThank you Kenneth")
    browser.get(server + "/")
    box = browser.find_element(By.ID, "text")
    browser.execute_script("arguments[0].value = arguments[1]", box, page)  # send_keys would take minutes
    browser.find_element(By.ID, "run").click()
    WebDriverWait(browser, 120).until(expected_conditions.presence_of_element_located((By.ID, "result")))
    assert browser.execute_script("return window.__pwned") is None
    doc = browser.find_element(By.ID, "doc")
    assert "<script>window.__pwned = 1</script>" in doc.text
    assert '<img src=x onerror="window.__pwned = 2">' in doc.text
    assert not doc.find_elements(By.CSS_SELECTOR, "script, img, b[style]")
    assert browser.execute_script("return window.__pwned") is None


def test_errors_are_shown_on_the_page(browser: WebDriver, server: str) -> None:
    browser.get(server + "/")
    browser.find_element(By.ID, "run").click()
    error = WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.ID, "error")))
    assert "paste a page" in error.text
