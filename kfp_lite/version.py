"""``kfp_lite.version``: the installed version, where ``kfp.version`` keeps kfp's."""

from __future__ import annotations

from kfp_lite import __version__

__all__ = ["__version__"]
