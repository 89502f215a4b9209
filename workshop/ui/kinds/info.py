"""An info step in the kiosk: no turns, no reveal (everything is `KioskKind`'s default)."""

from __future__ import annotations

from .base import KioskKind


class InfoKiosk(KioskKind):
    name = "info"


KIOSK = InfoKiosk()
