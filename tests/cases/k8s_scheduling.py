"""kubernetes: node selectors (labels, a constant dict, a parameter), node affinity (required,
preferred with a weight, fields, JSON constants and parameters replacing each other) and
tolerations (every field, dict and list constants, a parameter)."""

from typing import List

from kfp_lite import dsl, kubernetes


@dsl.component
def train(epochs: int):
    print(epochs)


@dsl.pipeline(name="k8s-scheduling")
def scheduling(
    selector: dict = {"pool": "gpu"},  # noqa: B006
    affinity: dict = {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": []}},  # noqa: B006
    tolerations: List[dict] = [{"key": "gpu", "operator": "Exists", "effect": "NoSchedule"}],  # noqa: B006
    one_toleration: dict = {"key": "spot", "operator": "Exists"},  # noqa: B006
):
    a = train(epochs=1)
    kubernetes.add_node_selector(a, label_key="cloud.google.com/gke-accelerator", label_value="nvidia-tesla-t4")
    kubernetes.add_node_selector(a, label_key="pool", label_value="train")
    kubernetes.add_node_selector(a, label_key="pool", label_value="train-2")
    kubernetes.add_node_affinity(a, match_expressions=[
        {"key": "zone", "operator": "In", "values": ["us-east1-b", "us-east1-c"]},
        {"key": "spot", "operator": "DoesNotExist"},
    ])
    kubernetes.add_node_affinity(a, match_fields=[{"key": "metadata.name", "operator": "NotIn", "values": ["bad"]}],
                                 weight=30)
    kubernetes.add_toleration(a, key="nvidia.com/gpu", operator="Exists", effect="NoSchedule")
    kubernetes.add_toleration(a, key="dedicated", operator="Equal", value="ml", effect="NoExecute",
                              toleration_seconds=3600)
    kubernetes.add_toleration(a, key="zero", operator="Exists", effect="NoExecute", toleration_seconds=0)
    kubernetes.add_toleration_json(a, {"key": "a", "operator": "Equal", "value": "1", "toleration_seconds": 5})
    kubernetes.add_toleration_json(a, [{"key": "b", "operator": "Exists"}, {"effect": "NoSchedule"}])

    b = train(epochs=2)
    kubernetes.add_node_selector_json(b, {"disktype": "ssd", "cores": 8})
    kubernetes.add_node_affinity_json(b, {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchExpressions": [{"key": "gpu", "operator": "In", "values": ["a100"]}]}]}})
    kubernetes.add_node_affinity(b, match_expressions=[{"key": "x", "operator": "Exists"}], weight=1)
    kubernetes.add_node_affinity_json(b, affinity)
    kubernetes.add_toleration_json(b, tolerations)
    kubernetes.add_toleration_json(b, one_toleration)

    c = train(epochs=3)
    kubernetes.add_node_selector(c, label_key="pool", label_value="cpu")
    kubernetes.add_node_selector_json(c, selector)
