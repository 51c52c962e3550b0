"""``kfp_lite.v2.dsl``: the old ``kfp.v2.dsl`` spelling of ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl import *  # noqa: F403
from kfp_lite.dsl import __all__  # noqa: F401
