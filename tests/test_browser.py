"""`fazhi serve` in a real browser: headless Chromium (the system's `chromium`, driven by
Playwright) uploads files, reads the page, downloads the annotated copy.

Skips with its reason when Playwright or a Chromium binary is missing (`.ci/run` installs
Debian's `chromium`). With FAZHI_SCREENSHOTS=DIR set, the pages are also saved there as PNG (the
README's screenshots: `FAZHI_SCREENSHOTS=docs python -m pytest tests/test_browser.py`).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")
CHROMIUM = next((p for name in ("chromium", "chromium-browser") if (p := shutil.which(name))), None)
if CHROMIUM is None:
    pytest.skip("no Chromium browser on PATH (Debian: apt-get install chromium)", allow_module_level=True)

import uvicorn  # noqa: E402

from checker.checklist import loading  # noqa: E402
from checker.commands import serve  # noqa: E402
from checker.pipeline import grade_file  # noqa: E402

from .conftest import ROOT, not_met  # noqa: E402
from .formats import write_docx, write_pdf  # noqa: E402

REPORTS = ROOT / "reports"


def graded(name: str):
    """A sample graded in this process: the score and gaps the page must show, read from the run."""
    return grade_file(str(REPORTS / name), loading.load("township-annual"))


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The app on a free port of 127.0.0.1, in a thread of this process."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(serve.app(), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def page(browser) -> object:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900}, locale="zh-CN")
    return context.new_page()


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("uploads")
    nanhu = (REPORTS / "nanhu-2023-gaps.txt").read_text(encoding="utf-8")
    write_docx((REPORTS / "liuxi-2024-plans.txt").read_text(encoding="utf-8"), folder / "柳溪乡.docx")
    write_pdf(nanhu.splitlines(), folder / "南湖街道.pdf")
    (folder / "损坏.docx").write_bytes(b"this is not a zip file")
    (folder / "青禾镇.txt").write_bytes((REPORTS / "qinghe-2024-strong.txt").read_bytes())
    return {p.name: p for p in folder.iterdir()}


def screenshot(page, name: str) -> None:
    folder = os.environ.get("FAZHI_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=False)


def upload(page, server: str, *paths: Path) -> None:
    page.goto(server)
    page.set_input_files("#reports", [str(p) for p in paths])
    page.click("#submit")
    page.wait_for_load_state()


def test_the_upload_page_works_with_the_keyboard(page, server):
    page.goto(server)
    screenshot(page, "serve-upload.png")
    order = []
    for _ in range(5):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id"))
    # the file chooser first; the profile is folded under 高级
    assert order == ["reports", "text", "checklist", "advanced-toggle", "submit"]


def test_a_docx_shows_unit_score_every_item_and_gives_its_annotated_copy(page, server, files, tmp_path,
                                                                          township_ids):
    liuxi = graded("liuxi-2024-plans.txt")
    upload(page, server, files["柳溪乡.docx"])
    text = page.inner_text("body")
    assert "柳溪乡" in text and f"{liuxi.score:.1f}" in text
    assert all(page.locator(f"td.id:text-is('{item}')").count() >= 1 for item in township_ids)
    screenshot(page, "serve-report.png")
    with page.expect_download() as info:
        page.click("text=带批注的 Word 文档")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(str(path))
    assert path.name == "柳溪乡-批注.docx"
    annotated = docx.Document(str(path))
    assert len(list(annotated.comments)) == len(not_met(liuxi)) + 1  # one a gap, and the summary
    original = docx.Document(str(files["柳溪乡.docx"]))
    assert [p.text for p in annotated.paragraphs] == [p.text for p in original.paragraphs]


def test_a_pdf_is_graded(page, server, files, township_ids):
    upload(page, server, files["南湖街道.pdf"])
    text = page.inner_text("body")
    assert "南湖街道" in text and all(item in text for item in township_ids)


def test_several_files_show_ranking_and_matrix_and_a_bad_file_its_message(page, server, files):
    upload(page, server, files["柳溪乡.docx"], files["南湖街道.pdf"], files["青禾镇.txt"], files["损坏.docx"])
    text = page.inner_text("body")
    assert "排名" in text and "覆盖矩阵" in text
    ranking = text[text.index("排名"):]
    assert ranking.index("青禾镇") < ranking.index("南湖街道") < ranking.index("柳溪乡")
    assert page.locator("a[download$='-批注.docx']").count() == 3  # a Word copy with comments per report
    assert "损坏.docx：不是有效的 .docx 文件" in text
    assert page.locator("text=Excel 汇总表").count() == 1
    screenshot(page, "serve-batch.png")


def test_a_file_over_the_cap_gets_its_message(page, server, files, tmp_path, monkeypatch):
    monkeypatch.setattr(serve, "MAX_FILE", 50_000)  # the running app reads the cap when a request comes
    big = tmp_path / "过大的报告.txt"
    big.write_text("法治" * 40_000, encoding="utf-8")
    upload(page, server, big, files["青禾镇.txt"])
    text = page.inner_text("body")
    assert "过大的报告.txt：文件过大" in text and f"{graded('qinghe-2024-strong.txt').score:.1f}" in text


def test_pasted_text_is_graded_as_it_is_typed(page, server, township_ids):
    """The result appears under the form while the page stays where it is; editing the text
    changes it (the plans paragraph taken out, the score drops)."""
    strong = graded("qinghe-2024-strong.txt")
    score = f"{strong.score:.1f}"
    page.goto(server)
    text = (REPORTS / "qinghe-2024-strong.txt").read_text(encoding="utf-8")
    page.fill("#text", text)
    page.wait_for_selector("#live #report-live")
    assert page.url == server  # no navigation: the upload page is still there
    live = page.inner_text("#live")
    assert "青禾镇" in live and score in live and strong.passed
    line = f"即时核查：得分 {score}（{strong.grade}，通过）；需要补充 {len(not_met(strong))} 项（详见下方）"
    assert page.inner_text("#live-line") == line
    assert all(page.locator(f"#live td.id:text-is('{item}')").count() >= 1 for item in township_ids)
    screenshot(page, "serve-live.png")
    cut = text[: text.index("四、")]  # without the plans part
    page.fill("#text", cut)
    # (locator expectations, not wait_for_function: the page's CSP forbids evaluating strings)
    playwright.expect(page.locator("#live")).not_to_contain_text(score)
    assert "青禾镇" in page.inner_text("#live")
    page.fill("#text", "")
    playwright.expect(page.locator("#live")).to_be_empty()
    assert page.inner_text("#live-line") == ""


@pytest.fixture(scope="module")
def phone(browser) -> object:
    """A phone's screen: 375 px wide."""
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", is_mobile=True)
    return context.new_page()


def sideways(page) -> int:
    """How far the page scrolls sideways (0: it fits the screen)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_on_a_phone_the_result_fits_the_screen_and_each_item_is_a_card(phone, server, files):
    phone.goto(server)
    assert sideways(phone) == 0
    assert not phone.is_visible("#profile")  # the profile is folded under 高级
    phone.click("#advanced-toggle")
    assert phone.is_visible("#profile")
    upload(phone, server, files["柳溪乡.docx"])
    assert sideways(phone) == 0
    assert phone.is_visible("section.legend") and "仅计划" in phone.inner_text("section.legend")
    screenshot(phone, "serve-phone.png")
    for row in phone.locator("tr.item").all():
        title, evidence = row.locator("td").nth(1).bounding_box(), row.locator("td").last.bounding_box()
        card = row.bounding_box()
        assert evidence["y"] >= title["y"] + title["height"] - 1  # the evidence under the item, not beside it
        assert card["width"] <= 375 and evidence["width"] > 250  # a card as wide as the screen


def test_on_a_phone_the_batch_page_fits_the_screen(phone, server, files):
    upload(phone, server, files["柳溪乡.docx"], files["南湖街道.pdf"], files["青禾镇.txt"])
    assert sideways(phone) == 0 and "排名" in phone.inner_text("body")


@pytest.fixture(scope="module")
def one_slot() -> Iterator[tuple[str, asyncio.AbstractEventLoop, object]]:
    """A server with one grading slot, in a thread of this process: (its address, its event loop,
    its jobs), so a test can keep the slot busy."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = serve.app(jobs=1)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    loop = asyncio.new_event_loop()

    def run() -> None:
        try:
            loop.run_until_complete(server.serve())
        finally:  # (as asyncio.run does: no thread of the loop's executor outlives it)
            loop.run_until_complete(loop.shutdown_default_executor())
            loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/", loop, app.app.app.state.jobs  # Guard → LimitBody → Starlette
    server.should_exit = True
    thread.join(timeout=10)


class Holder:
    """A client whose grading keeps the slot until `leave()` (it leaves: its grading is killed)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.left = asyncio.Event()

    async def receive(self) -> dict:
        await self.left.wait()
        return {"type": "http.disconnect"}

    def leave(self) -> None:
        self.loop.call_soon_threadsafe(self.left.set)


def test_an_upload_that_waits_for_a_free_grading_says_so_then_shows_its_result(browser, one_slot, files):
    address, loop, jobs = one_slot
    holder = Holder(loop)
    held = asyncio.run_coroutine_threadsafe(jobs.run(holder, time.sleep, 600), loop)  # the one slot, taken
    for _ in range(100):
        if jobs.running:
            break
        time.sleep(0.05)
    page = browser.new_page(locale="zh-CN")
    page.goto(address)
    assert "服务器正忙" in page.inner_text("body")
    page.set_input_files("#reports", [str(files["青禾镇.txt"])])
    page.click("#submit")
    waiting = page.locator("#wait-1")
    playwright.expect(waiting).to_contain_text("排队中：您排在第 1 位", timeout=5000)
    screenshot(page, "serve-queued.png")
    time.sleep(1.5)
    assert page.url == address + "check" and "排队中" in page.inner_text("#wait-1") and not held.done()
    holder.leave()  # the slot is free: the upload's grading starts
    playwright.expect(page.locator("nav.toolbar")).to_be_visible(timeout=120_000)  # then the result, on the same page
    assert f"{graded('qinghe-2024-strong.txt').score:.1f}" in page.inner_text("body")
    assert not any(line.is_visible() for line in page.locator(".waiting").all())
    assert page.locator("a[download='青禾镇-批注.docx']").count() == 1
    page.close()
