"""Pages every phone sees alike (the empty question, waiting, thank you, the end) are rendered once per
round and state, not once per phone: counted in template renders, never timed. And the page a phone
gets is still the right one: the current round's form token, the current state, its own cookie."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest
from conftest import PIN, make_pack

from phones import Phone, form_token, serve, visible_text
from workshop.session import Session
from workshop.web.server import PhoneServer, RateLimit

pytestmark = pytest.mark.asyncio
PHONES = 12


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The name of every template rendered from now on (the real Jinja2 render runs as ever)."""
    names: list[str] = []
    render = jinja2.Template.render

    def counting(self, *args, **kwargs):
        names.append(self.name)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counting)
    return names


def state_of(page: str) -> str:
    return re.search(r'data-state="([^"]+)"', page).group(1)


async def test_a_round_of_phones_costs_one_render_of_each_page_and_each_gets_the_current_one(
        sessions_dir: Path, renders: list[str]) -> None:
    session = Session.create(sessions_dir, make_pack(), "North", PIN)
    while session.step.kind != "open":
        session.next_step()
    server = PhoneServer(session, rate_limit=RateLimit(burst=1000, per_second=1000))
    test_server = await serve(server)
    phones = [Phone(str(test_server.make_url("/")), server) for _ in range(PHONES)]
    try:
        pages = [(await p.get("/"))[1] for p in phones]
        assert renders.count("question.html") == 1  # not one per phone
        assert len({form_token(page) for page in pages}) == 1 and form_token(pages[0]) == server.form_token
        cookies = {c.value for p in phones for c in p.http.cookie_jar}
        assert len(cookies) == PHONES  # the page is shared, each phone's cookie is its own

        for n, p in enumerate(phones[:3]):
            status, page = await p.answer({"text": f"answer {n}"})
            assert "Thank you" in visible_text(page)
        assert renders.count("thanks.html") == 1
        assert renders.count("question.html") == 1  # answering phones reload the same question form

        # A phone whose answer comes back (the personal-data check) gets its own page, with its words.
        status, page = await phones[3].answer({"text": "Ask jo@example.org"})
        assert "<mark>jo@example.org</mark>" in page and "Ask jo@example.org</textarea>" in page
        assert renders.count("question.html") == 2
        status, page = await phones[3].get("/")  # and the plain form again on a reload
        assert "jo@example.org" not in page and renders.count("question.html") == 2
        assert "jo@example.org" not in (await phones[4].get("/"))[1]  # never in another phone's page

        # The round closes: every phone is shown waiting, with the new state, in one render.
        session.close_round()
        waiting = [(await p.get("/"))[1] for p in phones]
        assert all("Waiting for the next question" in visible_text(page) for page in waiting)
        assert {state_of(page) for page in waiting} == {server.state_key()}
        assert renders.count("waiting.html") == 1
        # A new round: a new form token, not the old round's page from the cache.
        session.reveal()
        session.new_round()
        again = [(await p.get("/"))[1] for p in phones]
        assert {form_token(page) for page in again} == {server.form_token} != {form_token(pages[0])}
        assert all('name="text"' in page for page in again)  # round two: everyone may answer again
        assert renders.count("question.html") == 3
        session.finish()
        ended = [(await p.get("/"))[1] for p in phones]
        assert all("The session has ended" in page for page in ended) and renders.count("ended.html") == 1
    finally:
        for p in phones:
            await p.close()
        await test_server.close()
        await server.stop()
        session.close()
