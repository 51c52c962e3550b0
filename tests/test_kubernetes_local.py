"""``kfp-lite run`` with Kubernetes settings: ``set_timeout`` is honoured, the settings that
cannot be honoured on this machine get one KFL602 warning per task."""

from __future__ import annotations

from pathlib import Path

from kfp_lite import compiler, dsl, kubernetes, local


@dsl.container_component
def sleeper(seconds: str):
    return dsl.ContainerSpec(image="busybox", command=["sh", "-c", 'sleep "$0"'], args=[seconds])


def _run(pipeline, tmp_path: Path) -> tuple[local.RunResult, list[str]]:
    spec = tmp_path / "p.yaml"
    compiler.Compiler().compile(pipeline, str(spec))
    lines: list[str] = []
    result = local.run(str(spec), {}, pipeline_root=tmp_path / "root", enable_cache=False, echo=lines.append)
    return result, lines


def test_set_timeout_stops_a_task_that_runs_longer(tmp_path: Path) -> None:
    @dsl.pipeline
    def slow():
        kubernetes.set_timeout(sleeper(seconds="30"), 1)

    result, lines = _run(slow, tmp_path)
    (record,) = result.tasks.values()
    assert record.state == "FAILED"
    assert "stopped after 1s" in record.message
    assert not any("activeDeadlineSeconds" in line for line in lines)


def test_other_settings_warn_once_and_a_generous_timeout_lets_the_task_finish(tmp_path: Path) -> None:
    @dsl.pipeline
    def quick(secret: str = "s"):
        t = sleeper(seconds="0")
        kubernetes.set_timeout(t, 60)
        kubernetes.use_secret_as_env(t, secret_name=secret, secret_key_to_env={"k": "K"})
        kubernetes.add_toleration(t, key="gpu", operator="Exists")
        kubernetes.add_pod_label(t, label_key="a", label_value="b")

    result, lines = _run(quick, tmp_path)
    assert [r.state for r in result.tasks.values()] == ["SUCCEEDED"]
    warnings = [line for line in lines if line.startswith("warning[KFL602]") and "Kubernetes" in line]
    assert len(warnings) == 1, lines
    assert "podMetadata, secretAsEnv, tolerations" in warnings[0]
    assert "activeDeadlineSeconds" not in warnings[0]


def test_a_task_in_a_loop_is_warned_about_once(tmp_path: Path) -> None:
    @dsl.pipeline
    def looped():
        with dsl.ParallelFor(["0", "0", "0"]) as seconds:
            kubernetes.add_pod_label(sleeper(seconds=seconds), label_key="a", label_value="b")

    result, lines = _run(looped, tmp_path)
    assert sum(r.state == "SUCCEEDED" for p, r in result.tasks.items() if "sleeper" in p) == 3
    warnings = [line for line in lines if line.startswith("warning[KFL602]") and "podMetadata" in line]
    assert len(warnings) == 1, lines
