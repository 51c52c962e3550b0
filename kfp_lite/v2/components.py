"""``kfp_lite.v2.components``: the old ``kfp.v2.components`` spelling of ``kfp_lite.components``."""

from __future__ import annotations

from kfp_lite.components import *  # noqa: F403
from kfp_lite.components import __all__  # noqa: F401
