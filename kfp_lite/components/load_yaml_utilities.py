"""kfp's module path ``kfp.components.load_yaml_utilities``: the YAML loaders of ``kfp_lite.components``."""

from __future__ import annotations

from kfp_lite.components import (
    load_component_from_file,
    load_component_from_text,
    load_component_from_url,
)

__all__ = ["load_component_from_file", "load_component_from_text", "load_component_from_url"]
