"""The typing names the generated ``databrain.types`` and ``databrain._namespaces`` import, on
every supported Python.

``NotRequired``, ``Unpack`` (3.11) and ``TypeAlias`` (3.10) are newer than the package's 3.9 floor, and
``typing_extensions`` is not a dependency. Type checkers get the real ones; at run time the
generated module only needs the names to exist (its annotations are never evaluated)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TypedDict

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypeAlias, Unpack
elif TYPE_CHECKING:
    from typing_extensions import NotRequired, TypeAlias, Unpack
else:

    class _Marker:
        def __getitem__(self, item: Any) -> Any:
            return item

    NotRequired = _Marker()
    Unpack = _Marker()
    TypeAlias = Any

__all__ = ["NotRequired", "TypeAlias", "TypedDict", "Unpack"]
