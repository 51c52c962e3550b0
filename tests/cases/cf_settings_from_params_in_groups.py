"""Resources and accelerators taken from pipeline parameters by tasks inside a loop, a
condition and an exit handler.

kfp 2.17.3 gives the task an input reading `pipelinechannel--cpu` but does not pass that
value through the groups around it, so the task reads an input its group never declares
(invalid IR). kfp_lite passes it down (docs/compatibility.md).
"""

from kfp_lite import dsl

KFP_LITE_ONLY = "kfp's task reads resource values its groups never declare"


@dsl.component
def train(model_type: str) -> float:
    return 0.5


@dsl.component
def notify(message: str):
    print(message)


@dsl.pipeline(name="settings-from-params")
def settings_from_params(model_types: list = ["forest", "linear"], cpu: str = "2",  # noqa: B006
                         memory: str = "8G", accelerator: str = "NVIDIA_TESLA_T4", gpus: int = 1,
                         train_more: bool = True):
    done = notify(message="finished")
    with dsl.ExitHandler(done):
        with dsl.If(train_more == True):  # noqa: E712 - a pipeline condition
            with dsl.ParallelFor(model_types) as model_type:
                task = train(model_type=model_type)
                task.set_cpu_limit(cpu).set_memory_limit(memory)
                task.set_accelerator_type(accelerator).set_accelerator_limit(gpus)
        train(model_type="baseline").set_cpu_request(cpu)


TARGET = settings_from_params
