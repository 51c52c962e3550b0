"""A small hyper-parameter sweep with success/failure hooks (kfp_lite extensions).

``train.map(...)`` runs one training task per learning rate (a dsl.ParallelFor under the
hood) and hands every score to ``pick_best`` as a list; ``on_failure`` posts an alert with the
pipeline's final status, ``on_success`` publishes the best model's score. Everything compiles
to plain KFP IR (exit handler, status gate, dsl.If), so any KFP backend runs it.

    kfp-lite run samples/hooks_and_map_pipeline.py -p fail_at=0.01   # watch the alert hook run
"""

from typing import List

from kfp_lite import compiler, dsl

KFP_LITE_ONLY = "hooks and component.map()"


@dsl.component
def load_rows(rows: int) -> int:
    return rows


@dsl.component
def train(rows: int, learning_rate: float, fail_at: float) -> float:
    if learning_rate == fail_at:
        raise RuntimeError(f"training diverged at learning rate {learning_rate}")
    return round(1.0 - abs(learning_rate - 0.01) * rows / 100, 4)


@dsl.component
def pick_best(scores: List[float]) -> float:
    return max(scores)


@dsl.component
def alert(status: dsl.PipelineTaskFinalStatus, channel: str = "#ml-alerts"):
    print(f"[{channel}] {status.pipeline_task_name} {status.state}: {status.error_message}")


@dsl.component
def publish(channel: str = "#ml-results"):
    print(f"[{channel}] the sweep finished; the best model is ready")


@dsl.component
def log_failed_trial(status: dsl.PipelineTaskFinalStatus):
    print(f"trial {status.pipeline_task_name} failed: {status.error_message}")


@dsl.pipeline(name="sweep-with-hooks", on_failure=alert, on_success=publish)
def sweep_with_hooks(rows: int = 100, fail_at: float = -1.0):
    data = load_rows(rows=rows)
    trials = train.with_options(on_failure=log_failed_trial).map(
        rows=data.output, learning_rate=[0.1, 0.01, 0.001], fail_at=fail_at
    )
    pick_best(scores=trials.output)


if __name__ == "__main__":
    compiler.Compiler().compile(sweep_with_hooks, "hooks_and_map_pipeline.yaml")
