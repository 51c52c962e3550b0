"""An outer task and a nested pipeline's task use the same component with different Kubernetes
settings. Their executors are named exec-fetch and exec-fetch-2; each keeps its own settings.
kfp merges all of the nested pipeline's settings each time it moves one of its executors, so
those of the nested 'fetch' are merged under the old name exec-fetch (the outer task's) before
that executor is renamed: the outer task gets the nested task's secret and timeout."""

from kfp_lite import dsl, kubernetes

KFP_LITE_ONLY = "kfp puts the nested task's settings on the outer task's executor (see docs/compatibility.md)"


@dsl.component
def fetch(source: str) -> str:
    return source


@dsl.component
def prepare(source: str) -> str:
    return source


@dsl.pipeline
def inner(source: str):
    p = prepare(source=source)
    t = fetch(source=p.output)
    kubernetes.use_secret_as_env(t, secret_name="inner-secret", secret_key_to_env={"k": "INNER"})
    kubernetes.set_timeout(t, 100)


@dsl.pipeline(name="k8s-nested-name-collision")
def collision():
    outer = fetch(source="outer")
    kubernetes.use_secret_as_env(outer, secret_name="outer-secret", secret_key_to_env={"k": "OUTER"})
    kubernetes.add_pod_label(outer, label_key="who", label_value="outer")
    inner(source="x").after(outer)


TARGET = collision
