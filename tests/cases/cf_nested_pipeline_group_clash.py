"""Outer and nested pipeline both open for-loop-2 and condition groups: component names clash."""

from kfp_lite import dsl


@dsl.component
def ping(host: str) -> int:
    return 0


@dsl.component
def escalate(host: str):
    print(host)


@dsl.pipeline
def probe_hosts(region: str):
    with dsl.ParallelFor(["db", "cache"]) as host:
        code = ping(host=host)
        with dsl.If(code.output != 0):
            escalate(host=host)


@dsl.pipeline(name="fleet-probe")
def fleet_probe():
    with dsl.ParallelFor(["eu", "us"]) as region:
        probe_hosts(region=region)
        code = ping(host=region)
        with dsl.If(code.output != 0):
            escalate(host=region)


TARGET = fleet_probe
