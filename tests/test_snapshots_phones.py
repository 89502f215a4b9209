"""Snapshots of the shared screen with phones on: the QR code, the address and the join code beside
the question, at a laptop's 80x24 and a projector's 120x40. The tokens, the code and the port are
pinned so the QR code is the same every run."""

from __future__ import annotations

import pytest
from test_snapshots import DAY, LABEL, PIN, snap_app, snap_pack  # noqa: F401 - the shared fixture

import kiosk
from workshop.session import Session
from workshop.web import server as web_server

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def phone_app(snap_app, monkeypatch):  # noqa: F811 - the fixture imported above
    monkeypatch.setattr(web_server, "new_token", lambda: "ABCDEFGHJKMNPQRSTUVWXYZ234")
    monkeypatch.setattr(web_server, "new_code", lambda: "KMH7RT")
    session = Session.create(snap_app.sessions_dir, snap_pack(), LABEL, PIN, today=DAY)
    while session.step.kind != "open":
        session.next_step()
    session.submit("Safer parks")
    return kiosk.make_app(snap_app.sessions_dir, None, session=session, phones=True, phones_host="127.0.0.1",
                          phones_port=0)


async def phones_shown(pilot) -> None:
    app = pilot.app
    for _ in range(200):  # bound on the server coming up: only a hang reaches it
        if app.phones is not None and app.phones.running:
            break
        await pilot.pause()
    app.phones.port = 8765  # the port the room would see (the test listens on a free one)
    app.phone_host.redraw()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_phones_beside_the_question(snap_compare, phone_app, size) -> None:
    assert snap_compare(phone_app, terminal_size=size, run_before=phones_shown)


async def remote_paired(pilot) -> None:
    """A phone paired as the remote (the pairing itself is tested in test_ui_phones.py)."""
    await phones_shown(pilot)
    app = pilot.app
    app.phones.remote_token = "PAIREDPAIREDPAIREDPAIRED23"
    app.phone_host.redraw()
    await kiosk.until(pilot, lambda: app.remote_paired, "the remote badge")
    await pilot.pause()


def test_the_header_says_a_remote_is_paired(snap_compare, phone_app) -> None:
    """At a laptop's 80 columns the badge stays whole: the header's first part gives way."""
    assert snap_compare(phone_app, terminal_size=(80, 24), run_before=remote_paired)
