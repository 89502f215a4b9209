"""Phones in the room: a small web front end beside the kiosk (workshop/ui/).

Participants answer on their own phones and a paired phone can steer the session, while the kiosk
keeps the shared screen. The server drives the same core `Session` object the kiosk drives, in the
same process and event loop, so the session file keeps one writer. Nothing here imports Textual, and
the core never imports this package. See `server.PhoneServer` and docs/security.md.
"""
