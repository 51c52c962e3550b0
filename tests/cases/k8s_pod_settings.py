"""kubernetes: pod labels and annotations, image pull secrets and policy, timeouts (set, changed,
removed with 0), field paths as env and the security context."""

from kfp_lite import dsl, kubernetes


@dsl.component
def step(msg: str) -> str:
    return msg


@dsl.pipeline(name="k8s-pod-settings")
def pod_settings(registry_secret: str = "regcred"):
    a = step(msg="a")
    kubernetes.add_pod_label(a, label_key="app", label_value="trainer")
    kubernetes.add_pod_label(a, label_key="cost-center", label_value="")
    kubernetes.add_pod_annotation(a, annotation_key="sidecar.istio.io/inject", annotation_value="false")
    kubernetes.set_image_pull_secrets(a, ["regcred-1", "regcred-2"])
    kubernetes.set_image_pull_policy(a, "IfNotPresent")
    kubernetes.set_image_pull_policy(a, "Always")
    kubernetes.set_timeout(a, 20)
    kubernetes.set_timeout(a, 3600)
    kubernetes.use_field_path_as_env(a, env_name="POD_NAME", field_path="metadata.name")
    kubernetes.use_field_path_as_env(a, env_name="NODE", field_path="spec.nodeName")
    kubernetes.set_security_context(a, run_as_user=1000, run_as_group=0)
    kubernetes.set_security_context(a, run_as_non_root=True)

    b = step(msg=a.output)
    kubernetes.set_image_pull_secrets(b, [registry_secret, "static-cred"])
    kubernetes.set_image_pull_secrets(b, [a.output])
    kubernetes.set_image_pull_policy(b, "Never")
    kubernetes.set_security_context(b, run_as_user=0, run_as_non_root=False)

    c = step(msg="c")
    kubernetes.set_timeout(c, 60)
    kubernetes.set_timeout(c, 0)
    kubernetes.set_image_pull_secrets(c, [])
