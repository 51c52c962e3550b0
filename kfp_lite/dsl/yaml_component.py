"""A component loaded from YAML (``kfp_lite.components.load_component_from_*`` makes them).

Also kfp's module path ``kfp.dsl.yaml_component``.
"""

from __future__ import annotations

from typing import Any, Optional

from kfp_lite.dsl.components import BaseComponent
from kfp_lite.dsl.tasks import PipelineTask

__all__ = ["YamlComponent"]


class YamlComponent(BaseComponent):
    """A component loaded from YAML.

    ``container`` (a dict of IR strings) is set for a single-container component;
    ``pipeline_spec_dict`` (the whole PipelineSpec) for a compiled pipeline, which the
    compiler inlines as a nested pipeline.
    """

    def __init__(self, loaded: Any, component_yaml: str, source: str) -> None:
        # loaded: a kfp_lite.component_yaml.LoadedComponent (spec, container or pipeline, env)
        self.component_spec = loaded.spec
        self.component_yaml = component_yaml
        self.source = source
        self.container: Optional[dict] = loaded.container
        self.pipeline_spec_dict: Optional[dict] = loaded.pipeline_spec
        self.platform_spec_dict: dict = loaded.platform_spec
        self._env = dict(loaded.env)

    def after_task_created(self, task: PipelineTask) -> None:
        # the component's own variables come first; set_env_variable() adds to them
        if self._env:
            task.env = {**self._env, **task.env}

    def __repr__(self) -> str:
        return f"<YamlComponent {self.component_spec.name!r} ({self.component_spec.kind}) from {self.source}>"
