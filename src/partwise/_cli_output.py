"""Everything the command line prints goes through here.

Keys, names and messages come from user code and stored runs, so they may hold control
characters (an escape sequence in a partition key would otherwise drive the terminal): every
text is shown with such characters escaped (``\\x1b``). Glyphs the output's encoding lacks
become ASCII (``#`` for ``█``), anything else unencodable a backslash escape; a closed pipe
(``partwise status | head -1``) ends the command quietly.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterable
from typing import IO, Any

__all__ = ["clean", "console", "echo", "prepare_streams"]

_ASCII = str.maketrans(
    {
        "█": "#",
        "▓": "+",
        "▒": "~",
        "░": ".",
        "×": "x",
        "✗": "x",
        "●": "o",
        "·": ".",
        "…": "...",
        "—": "-",
        "→": "->",
    }
)


def clean(text: str) -> str:
    """``text`` with every non-printable character but newline and tab escaped."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() or ch in "\n\t" else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


def _encodable(stream: IO[str] | None, text: str) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _shown(text: str, stream: IO[str] | None) -> str:
    """``text`` as it can be shown on ``stream``: escaped, glyphs in ASCII if need be."""
    text = clean(text)
    return text if _encodable(stream, text) else text.translate(_ASCII)


def prepare_streams() -> None:
    """Make stdout and stderr safe to write to: a closed one becomes ``/dev/null``, and
    characters their encoding lacks become backslash escapes instead of errors."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:  # started with the descriptor closed (`partwise … >&-`)
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
        elif hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def echo(text: str = "", file: IO[str] | None = None) -> None:
    """Print one plain line (no markup), made safe to show."""
    stream = file if file is not None else sys.stdout
    print(_shown(text, stream), file=stream)


@functools.cache
def _console_class() -> Any:
    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.segment import Segment
    from rich.text import Text

    class SafeConsole(Console):
        """A rich console whose every rendered text is made safe to show (see the module).

        Strings are cleaned before layout, so tables measure what is shown; the segments of
        everything else are cleaned as they are written.
        """

        def render_str(self, text: str, **options: Any) -> Text:
            rendered: Text = super().render_str(clean(text), **options)
            return rendered

        def render(
            self, renderable: RenderableType, options: ConsoleOptions | None = None
        ) -> Iterable[Segment]:
            for segment in super().render(renderable, options):
                if segment.control:
                    yield segment
                else:
                    yield Segment(_shown(segment.text, self.file), segment.style)

        def on_broken_pipe(self) -> None:
            raise BrokenPipeError  # the command line exits 0 quietly (rich would exit 1)

    return SafeConsole


def console(**options: Any) -> Any:
    """The rich console every command prints with (rich is imported on first use)."""
    return _console_class()(highlight=False, soft_wrap=True, **options)
