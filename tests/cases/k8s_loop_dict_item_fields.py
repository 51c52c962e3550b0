"""Kubernetes settings from fields of dict loop items (``item.sec``), over a written list and
over a List[dict] parameter. Each reads the loop's item input with a parameterExpressionSelector,
as a task argument does. kfp writes a reference to an input that exists nowhere
(``loop-item-param-1-subvar-sec``) and adds inputs to the root DAG it cannot fill
(see docs/compatibility.md)."""

from typing import List

from kfp_lite import dsl, kubernetes

KFP_LITE_ONLY = "kfp references inputs that do not exist for dict loop item fields"


@dsl.component
def work(item: str):
    print(item)


@dsl.pipeline(name="k8s-loop-dict-item-fields")
def dict_item_fields(pairs: List[dict] = [{"sec": "p1", "cm": "q1"}]):  # noqa: B006
    with dsl.ParallelFor([{"sec": "s1", "cm": "c1"}, {"sec": "s2", "cm": "c2"}]) as pair:
        v = work(item=pair.sec)
        kubernetes.use_secret_as_env(v, secret_name=pair.sec, secret_key_to_env={"a": "A"})
        kubernetes.use_config_map_as_env(v, config_map_name=pair.cm, config_map_key_to_env={"b": "B"})
    with dsl.ParallelFor(pairs) as p:
        w = work(item="x")
        kubernetes.use_secret_as_volume(w, secret_name=p.sec, mount_path="/s")
        # the older flat pvcMount reference cannot carry a selector: only pvcNameParameter is written
        kubernetes.mount_pvc(w, pvc_name=p.cm, mount_path="/claim")


TARGET = dict_item_fields
