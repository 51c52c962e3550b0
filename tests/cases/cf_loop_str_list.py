"""ParallelFor over a constant list of strings, next to a plain task."""

from kfp_lite import dsl


@dsl.component
def list_regions() -> str:
    return "ok"


@dsl.component
def sync_region(region: str, status: str):
    print(region, status)


@dsl.pipeline(name="region-sync")
def region_sync():
    status = list_regions()
    with dsl.ParallelFor(["us-east1", "europe-west4", "asia-south1"]) as region:
        sync_region(region=region, status=status.output)


TARGET = region_sync
