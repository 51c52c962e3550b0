"""Resource requests and limits, accelerator and image given by pipeline parameters and task outputs."""

from kfp_lite import dsl


@dsl.component
def size_job(rows: int) -> str:
    return "4" if rows > 1000 else "1"


@dsl.component
def crunch(rows: int):
    print(rows)


@dsl.pipeline(name="dynamic-resources")
def dynamic_resources(
    rows: int = 5000,
    memory: str = "4G",
    gpu_type: str = "nvidia.com/gpu",
    gpus: str = "1",
    image: str = "python:3.11-slim",
):
    sized = size_job(rows=rows)
    task = crunch(rows=rows)
    task.set_cpu_request(sized.output).set_cpu_limit(sized.output)
    task.set_memory_request(memory).set_memory_limit(memory)
    task.set_accelerator_type(gpu_type).set_accelerator_limit(gpus)
    task.set_container_image(image)


TARGET = dynamic_resources
