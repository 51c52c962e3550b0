"""kfp's module path ``kfp.dsl.yaml_component``: the class of a component loaded from YAML, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.components import YamlComponent

__all__ = ["YamlComponent"]
