"""Hymn Sheet: a terminal kiosk for the reflective workshop "Singing from the same hymn sheet?".

The core (everything here except `workshop.ui`) never imports Textual.
"""

__version__ = "0.1.0"
