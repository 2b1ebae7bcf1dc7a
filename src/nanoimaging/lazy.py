"""A package's public names, imported on first use: ``import nanoimaging`` stays light.

``nanoimaging.load`` needs pandas and frictionless (about a second to import); the
command line and ``make book``'s check that nothing changed need neither. A
package calls :func:`lazy_names` at its end instead of ``from .load import load``;
the name then behaves as that import would have made it, including when it equals
a submodule's (``nanoimaging.data.load`` is the function, as before, even after
``import nanoimaging.data.load``). This module sits below every layer.

>>> import nanoimaging, sys
>>> callable(nanoimaging.data.load), "nanoimaging.data.load" in sys.modules
(True, True)
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any


def lazy_names(package: str, names: dict[str, str]) -> None:
    """Make each ``name`` of ``package`` the attribute ``name`` of its submodule, imported on first use.

    ``names`` maps a public name to the relative submodule that defines it
    (``{"load": ".load"}``). The import system binds a submodule to its package
    under the submodule's own name; for a public name of the same name that
    binding is ignored, so the name keeps meaning the function or class.
    """
    module = sys.modules[package]
    overrides: dict[str, Any] = {}  # values set by hand (a test's monkeypatch), in place of the import

    def attribute(name: str, submodule: str) -> property:
        def get(self: types.ModuleType) -> Any:
            if name in overrides:
                return overrides[name]
            return getattr(importlib.import_module(submodule, package), name)

        def set_(self: types.ModuleType, value: Any) -> None:
            if isinstance(value, types.ModuleType) and value.__name__ == package + submodule:
                return  # the import system binding the submodule of the same name
            overrides[name] = value

        def delete(self: types.ModuleType) -> None:
            overrides.pop(name, None)

        return property(get, set_, delete, doc=f"{name} from {package}{submodule}, imported on first use")

    lazy = type("LazyPackage", (type(module),), {name: attribute(name, sub) for name, sub in names.items()})
    module.__class__ = lazy
