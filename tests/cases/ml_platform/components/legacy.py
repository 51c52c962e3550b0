"""Components kept from the project's KFP v1 days, loaded from their YAML specs."""

from kfp_lite import components

from ..settings import spec_path

publish_model = components.load_component_from_file(spec_path("publish_model_v1.yaml"))
notify = components.load_component_from_file(spec_path("notify_v1.yaml"))
