"""``--partwise-as-dagster``: ``import dagster`` resolves to partwise for one pytest session.

A finder placed first on ``sys.meta_path`` answers the import of ``dagster`` with a module whose
names are partwise's own objects (``dg.asset is partwise.asset``), so an unmodified test suite runs
on partwise. partwise has no submodules matching the reference's, so ``import dagster._core.x``
(or any ``dagster.<name>``) fails with one line naming that module. Stdlib only until the alias is
first imported.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types
from collections.abc import Callable, Sequence

__all__ = ["ALIASED", "install"]

ALIASED = "dagster"
FLAG = "--partwise-as-dagster"


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``dagster`` (the alias module) and refuses ``dagster.<anything>``."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None = None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname == ALIASED:
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        if fullname.startswith(ALIASED + "."):
            raise ModuleNotFoundError(
                f"No module named {fullname!r}: under {FLAG}, {ALIASED} is partwise, which has "
                f"only the top-level names (import them from {ALIASED} itself; see "
                "docs/compatibility.md)",
                name=fullname,
            )
        return None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return _alias_module()

    def exec_module(self, module: types.ModuleType) -> None:
        return None


def _alias_module() -> types.ModuleType:
    import partwise
    from partwise._compat import unknown_name

    module = types.ModuleType(ALIASED, f"partwise, standing in for {ALIASED} ({FLAG})")
    names = list(partwise.__all__)
    known = frozenset(names)

    def __getattr__(name: str) -> object:
        if name not in known:
            raise unknown_name(ALIASED, name, names, sys._getframe(1))
        value = getattr(partwise, name)
        setattr(module, name, value)  # later lookups skip this function
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(module)) | set(names))

    module.__dict__.update(
        __all__=names, __getattr__=__getattr__, __dir__=__dir__, __version__=partwise.__version__
    )
    return module


def install() -> Callable[[], None]:
    """Put the finder first on ``sys.meta_path``; the returned function takes it (and the alias) away.

    Raises ``RuntimeError`` if something imported ``dagster`` already: that module would win.
    """
    if ALIASED in sys.modules:
        raise RuntimeError(
            f"{FLAG}: {ALIASED} was imported before partwise could stand in for it "
            f"(by a plugin loaded earlier?): {sys.modules[ALIASED]!r}"
        )
    finder = _Finder()
    sys.meta_path.insert(0, finder)

    def uninstall() -> None:
        if finder in sys.meta_path:
            sys.meta_path.remove(finder)
        for name in [n for n in sys.modules if n == ALIASED or n.startswith(ALIASED + ".")]:
            del sys.modules[name]

    return uninstall
