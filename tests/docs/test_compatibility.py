"""docs/compatibility.md lists exactly what partwise provides, ignores and refuses.

Two sections of the page are generated from the code: the public names (``partwise._EXPORTS``) and
the keyword tables (``partwise._compat``). When they change, regenerate the page with
``python tests/docs/test_compatibility.py`` and review the diff.
"""

from __future__ import annotations

import re
from pathlib import Path

import partwise
from partwise._compat import IGNORED, UNSUPPORTED

PAGE = Path(__file__).resolve().parents[2] / "docs" / "compatibility.md"

# first matching module prefix -> heading of the names section
AREAS = (
    ("partwise._partitions.definitions", "Partitions definitions and keys"),
    ("partwise._partitions.mappings", "Partition mappings"),
    ("partwise._partitions", "Partition subsets and the loading context"),
    ("partwise._asset_key", "Assets, ops, jobs and Definitions"),
    ("partwise._definitions", "Assets, ops, jobs and Definitions"),
    ("partwise._paths", "Assets, ops, jobs and Definitions"),
    ("partwise._config", "Config and resources"),
    ("partwise._execution", "Running, contexts, events and results"),
    ("partwise._metadata", "Metadata values"),
    ("partwise._io", "I/O managers"),
    ("partwise._instance", "Instance, runs and events"),
    ("partwise._automation", "Schedules, sensors, ticks and backfills"),
    ("partwise.errors", "Errors"),
)


def _area(module: str) -> str:
    return next((title for prefix, title in AREAS if module.startswith(prefix)), "Other")


def names_section() -> str:
    by_area: dict[str, list[str]] = {}
    for name, module in partwise._EXPORTS.items():
        by_area.setdefault(_area(module), []).append(name)
    order = [*dict.fromkeys(title for _, title in AREAS), "Other"]
    lines = []
    for title in order:
        if title in by_area:
            names = sorted(by_area[title], key=str.lower)
            lines.append(f"- **{title}**: " + ", ".join(f"`{n}`" for n in names))
    return "\n".join(lines)


def keywords_section() -> str:
    lines = [
        "| entry point | accepted and ignored | refused (changes what a run does) |",
        "|---|---|---|",
    ]
    for entry in sorted(IGNORED, key=str.lower):
        ignored = ", ".join(f"`{k}`" for k in sorted(IGNORED[entry])) or "-"
        refused = ", ".join(f"`{k}`" for k in sorted(UNSUPPORTED.get(entry, ()))) or "-"
        lines.append(f"| `{entry}` | {ignored} | {refused} |")
    return "\n".join(lines)


SECTIONS = {"names": names_section, "keywords": keywords_section}


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"(<!-- generated: {name} -->\n)(.*?)(<!-- end: {name} -->)", flags=re.DOTALL
    )


def regenerate(text: str) -> str:
    for name, build in SECTIONS.items():
        text, count = _pattern(name).subn(lambda m, b=build: m[1] + b() + "\n" + m[3], text)
        assert count == 1, f"docs/compatibility.md lacks the generated {name!r} section markers"
    return text


def test_generated_sections_are_current() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert text == regenerate(text), (
        "docs/compatibility.md is out of date: run `python tests/docs/test_compatibility.py`"
    )


if __name__ == "__main__":
    PAGE.write_text(regenerate(PAGE.read_text(encoding="utf-8")), encoding="utf-8")
