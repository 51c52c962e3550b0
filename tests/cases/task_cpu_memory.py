"""CPU and memory requests/limits, in the units users write ('500m', '2', '256Mi', '1G')."""

from kfp_lite import dsl


@dsl.component
def heavy(n: int) -> int:
    return n * n


@dsl.pipeline
def resources():
    heavy(n=1).set_cpu_request("500m").set_cpu_limit("2").set_memory_request(
        "256Mi"
    ).set_memory_limit("1G")
    heavy(n=2).set_cpu_limit("1.5").set_memory_limit("2Gi")
    heavy(n=3).set_cpu_request("250m").set_memory_request("512M")
    heavy(n=4).set_memory_limit("2Ti").set_cpu_limit("100m")
    heavy(n=5).set_memory_request("1000Ki").set_memory_limit("64E")


TARGET = resources
