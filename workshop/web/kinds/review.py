"""A review's phone form is a sort's: the previous actions are its cards, the outcomes its buckets, one
action a page as the kiosk asks them (`templates/kinds/review.html` sets its own words)."""

from __future__ import annotations

from .base import PhoneKind
from .sort import card_pages, read

PHONE = PhoneKind("review", read, card_pages)
