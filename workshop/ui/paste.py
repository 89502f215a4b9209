"""Bracketed pastes that hold an ESC character arrive whole and in order.

Textual's terminal parser (8.x) reads an ESC inside a bracketed paste as the start of an escape
sequence: the characters after it come out as key presses (the ESC itself as "^") *before* the
paste, so `AAA<ESC>BBB` was stored as `^BBBAAA`. `PasteSafeParser` stands in front of it: inside a
paste it swaps every ESC that does not start the paste's end marker for `PASTE_ESC`, so the whole
paste stays one `Paste` event. The parser then turns `PASTE_ESC` back into ESC and cleans the paste
(`text.remove_controls(..., paste=True)`): CSI and control strings go whole, a stray ESC goes alone,
so `AAA<ESC>BBB` arrives as `AAABBB`, every character the participant pasted kept in order. Every
field gets a paste without ESC and without the stand-in (the answer fields clean and cap it again).
"""

from __future__ import annotations

from typing import Iterable

from textual import events
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.message import Message

from ..text import remove_controls

PASTE_ESC = "\U000f1b1b"  # a private-use character standing for an ESC inside a paste
ESC = "\x1b"


def _partial_suffix(text: str, marker: str) -> int:
    """Length of the longest end of `text` that is a proper beginning of `marker`."""
    for size in range(min(len(text), len(marker) - 1), 0, -1):
        if marker.startswith(text[-size:]):
            return size
    return 0


class PasteSafeParser(XTermParser):
    """XTermParser with ESC characters inside bracketed pastes kept as data."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._in_paste = False
        self._held = ""  # the start of a possible end marker, split across two reads
        self._tail = ""  # the last characters passed on outside a paste, to spot a split start marker

    def feed(self, data: str) -> Iterable[Message]:
        for message in super().feed(self.protect(data)):
            if isinstance(message, events.Paste):
                message = events.Paste(remove_controls(message.text.replace(PASTE_ESC, ESC), paste=True))
            yield message

    def protect(self, data: str) -> str:
        out: list[str] = []
        data = self._held + data
        self._held = ""
        while data:
            if not self._in_paste:
                seen = self._tail + data
                start = seen.find(BRACKETED_PASTE_START)
                if start < 0:
                    out.append(data)
                    self._tail = seen[-(len(BRACKETED_PASTE_START) - 1):]
                    break
                cut = start + len(BRACKETED_PASTE_START) - len(self._tail)
                out.append(data[:cut])
                data = data[cut:]
                self._tail = ""
                self._in_paste = True
                continue
            end = data.find(BRACKETED_PASTE_END)
            if end < 0:
                keep = _partial_suffix(data, BRACKETED_PASTE_END)
                body, self._held = (data[:-keep], data[-keep:]) if keep else (data, "")
                out.append(body.replace(ESC, PASTE_ESC))
                break
            out.append(data[:end].replace(ESC, PASTE_ESC) + BRACKETED_PASTE_END)
            data = data[end + len(BRACKETED_PASTE_END):]
            self._in_paste = False
        return "".join(out)


def install_paste_parser() -> None:
    """Make Textual's terminal drivers read input through `PasteSafeParser`."""
    from textual.drivers import linux_driver

    linux_driver.XTermParser = PasteSafeParser  # type: ignore[misc]
    try:
        from textual.drivers import linux_inline_driver
    except ImportError:  # pragma: no cover - not on every platform
        return
    linux_inline_driver.XTermParser = PasteSafeParser  # type: ignore[misc]
