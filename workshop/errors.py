"""The errors a user can cause or meet, in a module with no imports, so that the kiosk can name
them without loading storage, TinyDB or anything else on the way to its first frame."""


class SessionFileError(Exception):
    """A session file that cannot be used; the message is one line naming the file."""


class SessionBusy(SessionFileError):
    """Another kiosk or command is writing this session."""


class StorageFailure(Exception):
    """A write did not reach the disk (disk full, read-only folder, I/O error)."""


class AnswerError(ValueError):
    """An answer that does not fit its step; the message tells the participant what to change."""


def as_sentence(message: object) -> str:
    """A core message ("the review date must be a day, ...": lower case, no full stop, so that it can
    also sit inside a longer line) as a sentence of its own on a screen or page."""
    text = str(message)
    return f"{text[:1].upper()}{text[1:]}."
