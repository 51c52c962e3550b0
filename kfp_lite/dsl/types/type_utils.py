"""kfp's module path ``kfp.dsl.types.type_utils``: ``TaskConfig``; kfp's type-checking helpers
are the compiler's checks here and are not re-exported."""

from __future__ import annotations

from . import TaskConfig

__all__ = ["TaskConfig"]
