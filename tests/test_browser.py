"""A real headless browser at a phone's size: Debian's Chromium driven by Playwright, against the real
phone server on a loopback port, answering every step kind, with and without JavaScript, and the
facilitator's remote steering a round. Skipped (with the reason) only when Chromium is not installed;
`.ci/run` installs it."""

from __future__ import annotations

import contextlib
import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import PACK_DATA, PIN, make_pack

from workshop.session import Session
from workshop.web.server import PhoneServer

CHROMIUM = shutil.which("chromium")
pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium; .ci/run does)"),
]
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
WAIT_MS = 20_000  # a bound only a hang reaches (the page checks the session every 2 seconds)


def stored(session: Session) -> dict[str, dict]:
    docs = json.loads(session.path.read_text()).get("answers", {}).values()
    return {d["step"]: d["answer"] for d in docs if not d.get("passed")}


@pytest.fixture
async def browser():
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        await browser.close()


@pytest.fixture
async def served(sessions_dir: Path):
    session = Session.create(sessions_dir, make_pack(), "North", PIN)
    server = PhoneServer(session, host="127.0.0.1", port=0)
    await server.start()
    yield session, server
    await server.stop()
    session.close()


UNLABELLED = """() => Array.from(document.querySelectorAll("input:not([type=hidden]), textarea, select"))
    .filter(el => el.labels.length === 0 && !el.getAttribute("aria-label")).map(el => el.name)"""
GROUPS_WITHOUT_LEGEND = """() => Array.from(document.querySelectorAll("fieldset")).filter(f => !f.querySelector("legend")).length"""


async def assert_accessible(page) -> None:
    """What a phone's screen reader needs: every control named by its label, radio and tick groups
    named by a legend, one main heading, a main landmark, the page's language."""
    assert await page.evaluate(UNLABELLED) == []
    assert await page.evaluate(GROUPS_WITHOUT_LEGEND) == 0
    assert await page.locator("h1").count() == 1
    assert await page.get_by_role("main").count() == 1
    assert await page.evaluate("document.documentElement.lang") == "en"


def move_to(session: Session, kind: str) -> None:
    if session.step.takes_answers and session.phase != "revealed":
        # One phone's answer: the round is closed first, since a round still taking answers waits for
        # the pack's min_answers (3) before it is shown (a closed round's reveal shows only "too few").
        session.close_round()
        session.reveal()
    assert session.next_step()
    while session.step.kind != kind:
        assert session.next_step()


async def test_a_phone_answers_every_step_kind_and_follows_the_session(browser, served) -> None:
    from playwright.async_api import expect

    session, server = served
    context = await browser.new_context(**PHONE)
    page = await context.new_page()
    await page.goto(server.url)
    await expect(page.get_by_role("heading", level=1)).to_have_text("Waiting for the next question")

    move_to(session, "sort")  # the waiting page follows by itself: no reload by hand
    await expect(page.get_by_role("heading", level=1)).to_have_text("Sort the cards", timeout=WAIT_MS)
    await assert_accessible(page)
    await page.get_by_label("Behaviour-based").check()
    await page.get_by_role("button", name="Next card").click()
    await expect(page.get_by_text("Card 2 of 3")).to_be_visible()
    await page.get_by_label("Ecological").check()
    await page.get_by_role("button", name="Next card").click()
    await page.get_by_label("It depends").check()
    await page.get_by_role("button", name="Send my sorting").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")

    move_to(session, "open")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Our aim", timeout=WAIT_MS)
    await assert_accessible(page)
    box = page.get_by_role("textbox", name="Your answer")
    await box.fill("Ask jo@example.org first")
    await expect(page.locator("#text-count")).to_have_text("24 / 2000")  # the live counter
    await page.get_by_role("button", name="Send my answer").click()
    await expect(page.get_by_role("alert").first).to_contain_text("Check your answer")
    await expect(page.locator("mark")).to_have_text("jo@example.org")
    await assert_accessible(page)
    await page.get_by_role("textbox", name="Your answer").fill("Ask the youth service first")
    await page.get_by_role("button", name="Check my edited answer").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")

    move_to(session, "scale")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Do we share one aim?", timeout=WAIT_MS)
    await assert_accessible(page)
    await page.get_by_label("4", exact=True).check()
    await page.get_by_role("button", name="Send my answer").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")

    move_to(session, "choice")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Who is missing?", timeout=WAIT_MS)
    await assert_accessible(page)
    await page.get_by_label("Shop staff").check()
    await page.get_by_label("Residents").check()
    await page.get_by_role("button", name="Send my answer").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")

    move_to(session, "rank")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Which context first?", timeout=WAIT_MS)
    await assert_accessible(page)
    await page.get_by_label("The park", exact=True).select_option("2")
    await page.get_by_label("The bus station", exact=True).select_option("2")  # a place given twice ...
    await page.get_by_label("Online", exact=True).select_option("1")
    await page.get_by_role("button", name="Send my answer").click()
    await expect(page.get_by_role("alert")).to_contain_text("place 2 is given to The park and The bus station")
    await assert_accessible(page)
    await expect(page.get_by_label("The park", exact=True)).to_have_value("2")  # ... comes back as chosen
    await page.get_by_label("The bus station", exact=True).select_option("4")
    await page.get_by_role("button", name="Send my answer").click()  # the gates take the place left over
    await expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")

    move_to(session, "actions")
    await expect(page.get_by_role("heading", level=1)).to_have_text("What will we do?", timeout=WAIT_MS)
    await assert_accessible(page)
    # One fieldset a level: two of the three filled in, the third left blank.
    team = page.get_by_role("group", name="My team or meeting")
    await team.get_by_label("The action: what will be done?").fill("Walk the estate with the wardens")
    await team.get_by_label("Changes a context").check()
    await team.get_by_label("How will we know it worked? (optional)").fill("A walk is booked")
    await team.get_by_label("Owner: a role or an agency (optional)").fill("Sarah Jones")
    org = page.get_by_role("group", name="My wider organisation")
    await org.get_by_label("The action: what will be done?").fill("Ask licensing for a test purchase")
    await org.get_by_label("Changes a context").check()
    await org.get_by_label("By when? (optional)").fill("by the March board")
    await page.get_by_role("button", name="Send my answer").click()
    await expect(page.get_by_role("alert").first).to_contain_text("looks like a person: write a role or an agency")
    await assert_accessible(page)
    await team.get_by_label("Owner: a role or an agency (optional)").fill("Community safety lead")
    await page.get_by_role("button", name="Send my answer").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")

    assert stored(session) == {
        "sort-cards": {"cards": {"curfew": "behaviour", "lighting": "ecological", "youth-work": "depends"}},
        "aim": {"text": "Ask the youth service first"},
        "confidence": {"value": 4},
        "missing": {"choices": ["Shop staff", "Residents"]},
        "first-context": {"ranking": ["Online", "The park", "The school gates", "The bus station"]},
        "actions": {"actions": [
            {"action": "Walk the estate with the wardens", "level": "team", "lens": "context",
             "measure": "A walk is booked", "owner": "Community safety lead", "by_when": ""},
            {"action": "Ask licensing for a test purchase", "level": "org", "lens": "context", "measure": "",
             "owner": "", "by_when": "by the March board"},
        ]},
    }
    # Nothing on the page is wider than the phone (no sideways scrolling).
    assert await page.evaluate("document.documentElement.scrollWidth") <= 390
    await context.close()


async def test_without_javascript_the_forms_still_work(browser, served) -> None:
    from playwright.async_api import expect

    session, server = served
    move_to(session, "open")
    context = await browser.new_context(java_script_enabled=False, **PHONE)
    page = await context.new_page()
    await page.goto(server.url)
    await page.get_by_role("textbox", name="Your answer").fill("Plain forms are enough")
    await page.get_by_role("button", name="Send my answer").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    thanks = await page.locator("main").inner_text()
    await page.goto(server.url)  # this phone has answered: the thank-you again, no second form
    assert await page.get_by_role("textbox").count() == 0
    other = await context.browser.new_context(java_script_enabled=False, **PHONE)
    passing = await other.new_page()
    await passing.goto(server.url)
    await passing.get_by_role("button", name="Pass on this question").click()
    assert await passing.locator("main").inner_text() == thanks  # a pass looks exactly like an answer
    assert stored(session) == {"aim": {"text": "Plain forms are enough"}}
    assert session.turns_taken() == 2
    await other.close()
    await context.close()


async def test_the_remote_steers_a_round_while_a_participant_answers(browser, served) -> None:
    from playwright.async_api import expect

    session, server = served
    move_to(session, "open")
    participant_context = await browser.new_context(**PHONE)
    remote_context = await browser.new_context(**PHONE)
    participant = await participant_context.new_page()
    remote = await remote_context.new_page()
    link = server.start_pairing().replace(server.base_url.upper(), server.base_url)
    await remote.goto(link)
    await expect(remote.get_by_role("heading", level=1)).to_have_text("Facilitator remote")
    await assert_accessible(remote)
    assert server.paired

    await participant.goto(server.url)
    await participant.get_by_role("textbox", name="Your answer").fill("Light the underpass")
    await participant.get_by_role("button", name="Send my answer").click()
    await expect(participant.get_by_role("heading", level=1)).to_have_text("Thank you")

    await expect(remote.get_by_text("1 turn taken")).to_be_visible(timeout=WAIT_MS)  # the remote follows too
    await remote.get_by_role("button", name="Close the round").click()
    await expect(participant.get_by_role("heading", level=1)).to_have_text("Waiting for the next question",
                                                                           timeout=WAIT_MS)
    await remote.get_by_role("button", name="Reveal the answers").click()
    assert session.phase == "revealed"
    await remote.get_by_label("Notes for this step (no names)").fill("Lighting came up twice.")
    await remote.get_by_role("button", name="Save the notes").click()
    await expect(remote.get_by_role("status")).to_have_text("Notes saved.")
    await remote.get_by_role("button", name="Next step").click()
    await expect(remote.get_by_role("heading", name="Now: Do we share one aim?")).to_be_visible()
    await expect(participant.get_by_role("heading", level=1)).to_have_text("Do we share one aim?", timeout=WAIT_MS)
    assert session.note("aim") == "Lighting came up twice."
    await participant_context.close()
    await remote_context.close()


@contextlib.asynccontextmanager
async def phone_at(browser, sessions_dir: Path, step_id: str, **changes: Any):
    """A session of the test pack with one step changed (a copy of the pack's data), at that step,
    served on a loopback port, and one phone's page opened at the join link."""
    data = copy.deepcopy(PACK_DATA)
    next(s for sec in data["sections"] for s in sec["steps"] if s["id"] == step_id).update(changes)
    session = Session.create(sessions_dir, make_pack(data), "North", PIN)
    while session.step.id != step_id:
        assert session.next_step()
    server = PhoneServer(session, host="127.0.0.1", port=0)
    await server.start()
    try:
        context = await browser.new_context(**PHONE)
        page = await context.new_page()
        await page.goto(server.url)
        yield session, page
        await context.close()
    finally:
        await server.stop()
        session.close()


async def test_a_single_choice_from_a_phone_takes_one_option(browser, sessions_dir: Path) -> None:
    from playwright.async_api import expect

    async with phone_at(browser, sessions_dir, "missing", multiple=False) as (session, page):
        await expect(page.get_by_role("heading", level=1)).to_have_text("Who is missing?")
        await assert_accessible(page)
        await page.get_by_label("Shop staff").check()
        await page.get_by_label("Residents").check()  # a second tap moves the one choice
        await expect(page.get_by_label("Shop staff")).not_to_be_checked()
        await page.get_by_role("button", name="Send my answer").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert stored(session) == {"missing": {"choices": ["Residents"]}}


async def test_a_phone_at_a_group_step_is_sent_to_the_room_and_follows_a_switch_back(browser, sessions_dir: Path) -> None:
    from playwright.async_api import expect

    async with phone_at(browser, sessions_dir, "aim", mode="group") as (session, page):
        assert session.is_group()
        await expect(page.get_by_role("heading", name="The room answers this one together")).to_be_visible()
        await assert_accessible(page)
        assert await page.locator("form").count() == 0
        session.switch_mode()  # the facilitator makes it individual turns before anyone answers
        await expect(page.get_by_role("textbox", name="Your answer")).to_be_visible(timeout=WAIT_MS)
        await page.get_by_role("textbox", name="Your answer").fill("Light the underpass")
        await page.get_by_role("button", name="Send my answer").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert stored(session) == {"aim": {"text": "Light the underpass"}}
