"""Thirty phones answer one round at the same moment through the real server: every answer is on disk,
once, and each phone gets its thank-you."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from conftest import PIN, make_pack

from phones import Phone
from workshop.session import Session
from workshop.web.server import PhoneServer

pytestmark = pytest.mark.asyncio
PHONES = 30


async def test_thirty_phones_answer_one_round_at_once(sessions_dir: Path) -> None:
    session = Session.create(sessions_dir, make_pack(), "North", PIN)
    while session.step.kind != "open":
        session.next_step()
    server = PhoneServer(session, host="127.0.0.1", port=0)  # the default rate limits, as in the room
    await server.start()
    phones = [Phone(server.base_url, server) for _ in range(PHONES)]
    try:
        pages = await asyncio.gather(*(p.get("/") for p in phones))  # everyone opens the question ...
        assert all(status == 200 for status, _ in pages)
        results = await asyncio.gather(*(p.answer({"text": f"answer number {n}"}) for n, p in enumerate(phones)))
        assert all(status == 200 and "Thank you" in page for status, page in results)  # ... and sends at once
    finally:
        for p in phones:
            await p.close()
        await server.stop()
    texts = sorted(d["answer"]["text"] for d in json.loads(session.path.read_text())["answers"].values())
    assert texts == sorted(f"answer number {n}" for n in range(PHONES))
    assert session.turns_taken() == PHONES
    session.close()
