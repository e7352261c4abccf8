"""``file_relative_path``: a normalised absolute path next to a module, as the reference gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from partwise import CheckError, file_relative_path


def test_joins_to_the_module_s_folder_and_normalises() -> None:
    assert file_relative_path("/a/b/c.py", "x/y.sql") == "/a/b/x/y.sql"
    assert file_relative_path("/a/b/c.py", "../x/./y") == "/a/x/y"
    assert file_relative_path("/a/b/c.py", "/abs/p") == "/abs/p"


def test_a_bare_file_name_resolves_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert file_relative_path("c.py", "data") == os.path.join(str(tmp_path), "data")


def test_this_file_finds_its_neighbour() -> None:
    assert Path(file_relative_path(__file__, "test_public_api.py")).is_file()


def test_non_strings_are_refused_naming_the_parameter() -> None:
    with pytest.raises(CheckError, match=r'Param "relative_path" is not a str\. Got 3'):
        file_relative_path("/a/c.py", 3)  # type: ignore[arg-type]
    with pytest.raises(CheckError, match=r'Param "dunderfile" is not a str\. Got None'):
        file_relative_path(None, "x")  # type: ignore[arg-type]
