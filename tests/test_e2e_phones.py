"""End to end with phones: the real `workshop start --phones` in tmux, phones answering over real HTTP
from this test (urllib, a cookie jar each, as a browser keeps them) while a participant takes a turn at
the keyboard. The join address and code are read off the shared screen, as the room reads them.
Skipped only when tmux is not installed (see tests/test_e2e.py)."""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from test_e2e import EXITED, LABEL, PIN, Kiosk, begin_at_the_open_step, dirs, kiosk, run_workshop  # noqa: F401 - fixtures
from test_e2e import pytestmark  # noqa: F401 - e2e, and skipped without tmux

CODE_CHARS = "ACDEFHJKMNPRTUVWXY34679"  # workshop.web.server.CODE_ALPHABET: what the screen can show
CODE_LINE = re.compile(rf"([{CODE_CHARS}]{{3}} [{CODE_CHARS}]{{3}})\s*$")
ADDRESS = re.compile(r"open (http://127\.0\.0\.1:(\d+)) and")
FORM = re.compile(r'name="form" value="([A-Z2-7]+)"')
HANG = 15.0  # seconds: a bound only a hang reaches


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def join_details(kiosk: Kiosk) -> tuple[str, str]:
    """The address and the join code, as the phone panel beside the question shows them."""
    screen = kiosk.wait_until(lambda s: ADDRESS.search(s) and any(CODE_LINE.search(line) for line in s.splitlines()),
                              "the phone address and join code")
    [code] = [CODE_LINE.search(line).group(1) for line in screen.splitlines() if CODE_LINE.search(line)]
    return ADDRESS.search(screen).group(1), code


class Phone:
    """One phone: its own cookies, plain HTTP (what a phone's browser sends without JavaScript)."""

    def __init__(self, base: str):
        self.base = base
        self.http = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.page = ""
        self.url = ""

    def send(self, path_or_url: str, fields: dict[str, str] | None = None) -> int:
        url = path_or_url if path_or_url.startswith("http") else self.base + path_or_url
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        request = urllib.request.Request(url, data=data, headers={"Origin": self.base} if data else {})
        try:
            with self.http.open(request, timeout=HANG) as response:  # follows the 303 to the next page
                self.page, self.url = response.read().decode(), response.url
                return response.status
        except urllib.error.HTTPError as error:
            self.page, self.url = error.read().decode(), url
            return error.code

    def join(self, code: str) -> None:
        """Type the join code at the server's root, as someone who did not scan the QR code does."""
        assert self.send("/", {"code": code}) == 200, self.page
        assert "/j/" in self.url

    def answer(self, text: str) -> None:
        assert self.send(self.url) == 200, self.page
        token = FORM.search(self.page).group(1)
        assert self.send(self.url.rstrip("/") + "/answer", {"form": token, "text": text}) == 200, self.page
        assert "Thank you" in self.page, self.page


def refused(url: str) -> bool:
    """Whether nothing listens at `url` any more (connection refused). A server on its way down may
    still answer, or reset the connection: that is not refused yet."""
    try:
        urllib.request.urlopen(url, timeout=HANG).close()
    except urllib.error.HTTPError:
        return False  # something answered
    except (OSError, http.client.HTTPException) as error:  # URLError keeps the socket's error in .reason
        return isinstance(getattr(error, "reason", error), ConnectionRefusedError)
    return False


def wait_refused(url: str) -> None:
    deadline = time.monotonic() + HANG
    while not refused(url):
        assert time.monotonic() < deadline, f"{url} still answers"
        time.sleep(0.1)


def aim_answers(session_file: Path) -> list[str]:
    docs = json.loads(session_file.read_text()).get("answers", {}).values()
    return sorted(d["answer"]["text"] for d in docs if d["step"] == "aim" and not d.get("passed"))


def test_phones_and_the_keyboard_answer_one_round_of_the_real_kiosk(kiosk: Kiosk, dirs, tmp_path: Path) -> None:  # noqa: F811
    sessions, prompts = dirs
    port = free_port()
    kiosk.start("start", "--pack", str(prompts / "e2e-pack.toml"), "--label", LABEL, "--sessions-dir", str(sessions),
                "--phones", "--host", "127.0.0.1", "--port", str(port), cwd=tmp_path)
    begin_at_the_open_step(kiosk, header="Step 1 of 4")
    [session_file] = sessions.glob("*.json")
    base, code = join_details(kiosk)
    assert base == f"http://127.0.0.1:{port}"

    first, second = Phone(base), Phone(base)
    first.join(code.replace(" ", "").lower())  # typed as people type it: any case, with or without the space
    second.join(code)
    assert "Our shared aim" in first.page and "What is the aim of our work?" in first.page

    # A phone answers: on disk the moment the phone hears back, and the shared count moves.
    first.answer("Light the underpass")
    assert aim_answers(session_file) == ["Light the underpass"]
    kiosk.wait_for("1 turn taken")
    # A participant takes a turn at the keyboard; the second phone answers while that turn is open.
    kiosk.press("Enter")
    kiosk.wait_for("Type your answer")
    kiosk.type("Walk the estate with the wardens")
    second.answer("Ask the bus company in")
    kiosk.press("Enter")
    kiosk.wait_for("Your answer is saved")
    kiosk.press("Enter")
    kiosk.wait_for("3 turns taken")  # one count: two phones and one keyboard turn
    assert aim_answers(session_file) == sorted(["Light the underpass", "Walk the estate with the wardens",
                                                "Ask the bus company in"])
    raw = session_file.read_text()
    for word in ("127.0.0.1", str(port), "phone", "cookie", code.replace(" ", "")):
        assert word not in raw  # nothing in the file says which answers came from phones, or from where

    # The reveal shows all three; the phones wait for the next question.
    kiosk.facilitator("r")
    kiosk.wait_for("3 answers", "Light the underpass", "Walk the estate with the wardens", "Ask the bus company in")
    assert first.send(first.url) == 200 and "Waiting for the next question" in first.page

    # Phones off (F2 w): the server stops listening.
    join_link = first.url
    kiosk.facilitator("w")
    wait_refused(join_link)
    # On again: a new link and code; the old link is a bare 404, the new code leads in.
    kiosk.facilitator("w")
    kiosk.facilitator("n")
    kiosk.wait_for("How sure are we", "0 turns taken")
    new_base, new_code = join_details(kiosk)
    assert new_base == base
    stale = Phone(base)
    assert stale.send(join_link) == 404 and stale.page == "Not found"
    third = Phone(base)
    third.join(new_code)
    assert "How sure are we" in third.page

    # Ending the session stops the server too.
    kiosk.facilitator("e")
    kiosk.wait_for("End the session now?")
    kiosk.press("Enter")
    kiosk.wait_for("The session is finished")
    wait_refused(base + "/")
    kiosk.press("q")
    if kiosk.wait_for_any("Participants: press Escape", exited=True) != EXITED:
        kiosk.give_pin()
    assert kiosk.wait_exit() == "0", kiosk.screen()
    listing = run_workshop("sessions", "--sessions-dir", str(sessions))
    [line] = [line for line in listing.stdout.splitlines() if line.startswith(session_file.stem)]
    assert "finished" in line and " 3 " in line, listing.stdout  # the three answers, kept after the end
