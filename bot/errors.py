"""Errors that carry a short Norwegian message for the user. Rendered at the edge (Slack, CLI).

Why: services raise these with what went wrong and what to do; listeners and CLI commands show
`user_message` and log the technical cause with a correlation id. Anything else is a bug and is
shown as a generic "noe gikk galt" message with the correlation id.
"""

from __future__ import annotations

from collections.abc import Callable


class TilsynsbotError(Exception):
    """Base for expected failures; `user_message` is bokmål and says what to do.

    `field` names the input the error is about (e.g. "deadline"), so a form can show the message
    under that field without reading the message text; "" when it is about no single field.
    """

    def __init__(self, user_message: str, *, detail: str = "", field: str = "") -> None:
        super().__init__(detail or user_message)
        self.user_message = user_message
        self.detail = detail
        self.field = field

    def __reduce__(self) -> tuple[Callable[..., TilsynsbotError], tuple[type[TilsynsbotError], tuple[object, ...], dict[str, object]]]:
        """Pickle with every attribute: answer worker processes send these errors to the bot's process.

        Exception's own pickling keeps only `args` and calls `__init__` with them, which would turn
        `detail` into the user's message (and fail for subclasses with another signature).
        """
        return _restore, (type(self), self.args, dict(self.__dict__))


def _restore(cls: type[TilsynsbotError], args: tuple[object, ...], state: dict[str, object]) -> TilsynsbotError:
    error = cls.__new__(cls, *args)
    error.__dict__.update(state)
    return error


class IndexUnavailableError(TilsynsbotError):
    """The knowledge index is missing, empty or cannot be opened."""


class SourceError(TilsynsbotError):
    """A source could not be read or parsed (named in the ingest report, the rest goes on)."""


class AccessDeniedError(TilsynsbotError):
    """The user may not see or change this thing."""


class ValidationFailedError(TilsynsbotError):
    """Input (a template, an import row, a form) is invalid; the message names field and reason."""


class QuestionTooLongError(ValidationFailedError):
    """The question is longer than anyone writes a question; declined before any text processing."""


class AnswerInterruptedError(TilsynsbotError):
    """No answer came back: the answer worker process died or hung, or none was free in time."""
