"""kfp_lite.kubernetes: the API surface of kfp-kubernetes 2.17.3 and compile-time behaviour that
the golden corpus (tests/cases/k8s_*.py, goldens made by kfp 2.17.3 + kfp-kubernetes 2.17.3)
does not show on its own."""

from __future__ import annotations

import inspect

import yaml
from kfp_lite.compiler import platform as compiled_platform

from kfp_lite import compiler, dsl, kubernetes
from kfp_lite.kubernetes import _settings

# dir() of kfp.kubernetes 2.17.3, public names only (written down once from the reference)
KFP_KUBERNETES_2_17_3 = {
    "CreatePVC", "DeletePVC", "add_ephemeral_volume", "add_node_affinity", "add_node_affinity_json",
    "add_node_selector", "add_node_selector_json", "add_pod_annotation", "add_pod_label",
    "add_toleration", "add_toleration_json", "empty_dir_mount", "mount_pvc", "set_image_pull_policy",
    "set_image_pull_secrets", "set_security_context", "set_timeout", "use_config_map_as_env",
    "use_config_map_as_volume", "use_field_path_as_env", "use_secret_as_env", "use_secret_as_volume",
}

# parameter names and defaults of kfp-kubernetes 2.17.3's functions
SIGNATURES = {
    "use_secret_as_env": "task, secret_name, secret_key_to_env, optional=False",
    "use_config_map_as_volume": "task, config_map_name, mount_path, optional=False",
    "mount_pvc": "task, pvc_name, mount_path, sub_path=''",
    "add_ephemeral_volume": "task, volume_name, mount_path, access_modes, size, storage_class_name=None, "
                            "labels=None, annotations=None",
    "empty_dir_mount": "task, volume_name, mount_path, medium=None, size_limit=None",
    "add_node_affinity": "task, match_expressions=None, match_fields=None, weight=None",
    "add_toleration": "task, key=None, operator=None, value=None, effect=None, toleration_seconds=None",
    "set_security_context": "task, run_as_user=None, run_as_group=None, run_as_non_root=None",
    "set_timeout": "task, seconds",
}


def _plain_signature(function) -> str:
    parts = []
    for p in inspect.signature(function).parameters.values():
        parts.append(p.name if p.default is inspect.Parameter.empty else f"{p.name}={p.default!r}")
    return ", ".join(parts)


def test_public_names_are_kfp_kubernetes():
    assert set(kubernetes.__all__) == KFP_KUBERNETES_2_17_3
    assert all(hasattr(kubernetes, name) for name in KFP_KUBERNETES_2_17_3)


def test_signatures_match_kfp_kubernetes():
    for name, expected in SIGNATURES.items():
        assert _plain_signature(getattr(kubernetes, name)) == expected, name


def test_inline_reference_key_is_shared():
    assert _settings.INLINE_REFERENCE == compiled_platform.INLINE_REFERENCE


@dsl.component
def _op(x: str) -> str:
    return x


def _platform(pipeline, tmp_path) -> dict:
    out = tmp_path / "p.yaml"
    compiler.Compiler().compile(pipeline, str(out))
    docs = list(yaml.safe_load_all(out.read_text()))
    return docs[1]["platforms"]["kubernetes"]["deploymentSpec"]["executors"] if len(docs) > 1 else {}


def test_compiling_twice_gives_the_same_document_and_leaves_the_task_alone(tmp_path):
    @dsl.pipeline
    def p(name: str = "s"):
        with dsl.ParallelFor(["a", "b"]) as item:
            t = _op(x=item)
            kubernetes.use_secret_as_env(t, secret_name=item, secret_key_to_env={"k": "K"})
            kubernetes.mount_pvc(t, pvc_name=name, mount_path="/d")

    first = _platform(p, tmp_path)
    second = _platform(p, tmp_path)
    assert first == second
    mount = first["exec-op"]["pvcMount"][0]
    assert mount["componentInputParameter"] == "pipelinechannel--name"
    assert mount["pvcNameParameter"] == {"componentInputParameter": "pipelinechannel--name"}
    assert first["exec-op"]["secretAsEnv"][0]["secretNameParameter"] == {
        "componentInputParameter": "pipelinechannel--loop-item-param-1"}


def test_task_output_makes_a_dependency_and_no_task_input(tmp_path):
    @dsl.pipeline
    def p():
        a = _op(x="a")
        b = _op(x="b")
        kubernetes.use_secret_as_volume(b, secret_name=a.output, mount_path="/s")

    out = tmp_path / "p.yaml"
    compiler.Compiler().compile(p, str(out))
    spec = next(yaml.safe_load_all(out.read_text()))
    task = spec["root"]["dag"]["tasks"]["op-2"]
    assert task["dependentTasks"] == ["op"]
    assert set(task["inputs"]["parameters"]) == {"x"}


def test_constant_node_selector_json_numbers_are_floats(tmp_path):
    @dsl.pipeline
    def p():
        t = _op(x="a")
        kubernetes.add_node_selector_json(t, {"cores": 8})
        kubernetes.add_node_affinity(t, match_expressions=[{"key": "a", "operator": "Exists"}], weight=5)

    executor = _platform(p, tmp_path)["exec-op"]
    assert executor["nodeSelector"]["nodeSelectorJson"] == {"runtimeValue": {"constant": {"cores": 8.0}}}
    assert isinstance(executor["nodeSelector"]["nodeSelectorJson"]["runtimeValue"]["constant"]["cores"], float)
    assert executor["nodeAffinity"][0]["weight"] == 5.0


def test_every_mistake_of_a_pipeline_is_reported_with_its_line(tmp_path):
    from kfp_lite.cli.check_cmd import check_file

    source = tmp_path / "bad.py"
    source.write_text(
        "from kfp_lite import dsl, kubernetes\n"
        "\n"
        "@dsl.component\n"
        "def op(x: int) -> int:\n"
        "    return x\n"
        "\n"
        "@dsl.pipeline\n"
        "def p(n: int = 1):\n"
        "    t = op(x=n)\n"
        "    kubernetes.use_secret_as_env(t, secret_name=n, secret_key_to_env={'a': 'A'})\n"
        "    kubernetes.set_timeout(t, -1)\n"
        "    kubernetes.add_toleration(t, key='a', operator='equal')\n"
        "    kubernetes.add_node_affinity(t, match_expressions=[{'key': 'a', 'operator': 'In'}], weight=0)\n"
        "    kubernetes.set_security_context(t)\n"
        "    kubernetes.use_config_map_as_volume(t, config_map_name='c', mount_path=n)\n"
    )
    found = [(d.code, d.location.line) for d in check_file(str(source), None, True) if d.code.startswith("KFL9")]
    assert found == [("KFL903", 10), ("KFL904", 11), ("KFL904", 12), ("KFL904", 13), ("KFL904", 14),
                     ("KFL903", 15)]
