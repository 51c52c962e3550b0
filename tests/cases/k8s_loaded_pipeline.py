"""A compiled pipeline with Kubernetes settings (data/k8s_preprocess_pipeline.yaml, made by kfp
2.17.3 with kfp-kubernetes 2.17.3) loaded as a component: its platform document is merged into
the outer pipeline's, under the executor names it gets there."""

import os

from kfp_lite import components, dsl, kubernetes

preprocess = components.load_component_from_file(
    os.path.join(os.path.dirname(__file__), "data", "k8s_preprocess_pipeline.yaml")
)


@dsl.component
def fetch_source(source: str) -> str:
    return source


@dsl.component
def report(text: str):
    print(text)


@dsl.pipeline(name="k8s-loaded-pipeline")
def loaded(source: str = "s3://data"):
    first = fetch_source(source=source)
    kubernetes.add_pod_annotation(first, annotation_key="note", annotation_value="outer")
    pre = preprocess(source=first.output)
    r = report(text=pre.output)
    kubernetes.use_config_map_as_env(r, config_map_name="report-config", config_map_key_to_env={"to": "TO"})
