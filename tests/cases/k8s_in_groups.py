"""kubernetes inside ParallelFor (loop items of a parameter, of a task output and of a written list;
outer task outputs and parameters), nested loops, If/Elif/Else and an ExitHandler with a
configured exit task: every reference goes through the group's pipelinechannel-- inputs."""

from typing import List

from kfp_lite import dsl, kubernetes


@dsl.component
def claim_name() -> str:
    return "claim"


@dsl.component
def tenant_names() -> List[str]:
    return ["t1", "t2"]


@dsl.component
def work(item: str):
    print(item)


@dsl.component
def cleanup(status: str):
    print(status)


@dsl.pipeline(name="k8s-in-groups")
def in_groups(
    tenants: List[str] = ["a", "b"],  # noqa: B006
    secret: str = "base-secret",
    mode: str = "fast",
    selector: dict = {"pool": "x"},  # noqa: B006
    timeout: int = 10,
):
    name = claim_name()
    done = cleanup(status="done")
    kubernetes.use_secret_as_env(done, secret_name=secret, secret_key_to_env={"k": "K"})
    kubernetes.mount_pvc(done, pvc_name=secret, mount_path="/d")
    with dsl.ExitHandler(done):
        with dsl.ParallelFor(tenants) as tenant:
            t = work(item=tenant)
            kubernetes.use_secret_as_env(t, secret_name=tenant, secret_key_to_env={"token": "TOKEN"})
            kubernetes.use_config_map_as_volume(t, config_map_name=secret, mount_path="/cfg")
            kubernetes.mount_pvc(t, pvc_name=name.output, mount_path="/data")
            kubernetes.mount_pvc(t, pvc_name=tenant, mount_path="/tenant")
            kubernetes.add_node_selector_json(t, selector)
            with dsl.ParallelFor(["x", "y"]) as inner:
                u = work(item=inner)
                kubernetes.use_secret_as_volume(u, secret_name=tenant, mount_path="/s")
                kubernetes.set_image_pull_secrets(u, [inner, secret])
                kubernetes.mount_pvc(u, pvc_name=name.output, mount_path="/data")
        listed = tenant_names()
        with dsl.ParallelFor(listed.output, parallelism=2) as listed_tenant:
            w = work(item=listed_tenant)
            kubernetes.mount_pvc(w, pvc_name=listed_tenant, mount_path="/t")
            kubernetes.set_image_pull_secrets(w, [listed_tenant, name.output])
        with dsl.If(mode == "fast"):
            f = work(item="fast")
            kubernetes.use_secret_as_env(f, secret_name=name.output, secret_key_to_env={"k": "K"})
            kubernetes.add_toleration(f, key="fast", operator="Exists")
        with dsl.Elif(mode == "slow"):
            s = work(item="slow")
            kubernetes.mount_pvc(s, pvc_name=secret, mount_path="/slow")
        with dsl.Else():
            e = work(item="else")
            kubernetes.set_timeout(e, 30)
            kubernetes.add_node_selector_json(e, selector)
