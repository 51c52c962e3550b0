"""A workspace pipeline in the style real projects write: an exit handler that always deletes
the run's claim (named by a parameter), a reusable nested pipeline whose tasks mount it and read
Secrets named by its own parameters, used under a dsl.If and in a loop, and labels added to
every task by a helper."""

from typing import List

from kfp_lite import dsl, kubernetes

TEAM_LABELS = {"team": "search", "cost-center": "cc-42"}


def labelled(task: dsl.PipelineTask) -> dsl.PipelineTask:
    for key, value in TEAM_LABELS.items():
        kubernetes.add_pod_label(task, label_key=key, label_value=value)
    return task


@dsl.component(base_image="python:3.11")
def crawl(site: str, out_dir: str) -> str:
    return f"{out_dir}/{site}"


@dsl.component(base_image="python:3.11")
def index(path: str, shards: int) -> int:
    return shards


@dsl.component(base_image="python:3.11")
def notify(channel: str, indexed: int):
    print(channel, indexed)


@dsl.pipeline
def crawl_and_index(site: str, claim: str, api_secret: str = "crawler-api", shards: int = 4) -> int:
    c = labelled(crawl(site=site, out_dir="/workspace"))
    kubernetes.mount_pvc(c, pvc_name=claim, mount_path="/workspace")
    kubernetes.use_secret_as_env(c, secret_name=api_secret, secret_key_to_env={"token": "CRAWLER_TOKEN"})
    i = labelled(index(path=c.output, shards=shards))
    kubernetes.mount_pvc(i, pvc_name=claim, mount_path="/workspace", sub_path="index")
    kubernetes.add_toleration(i, key="highmem", operator="Exists", effect="NoSchedule")
    kubernetes.set_timeout(i, 7200)
    return i.output


@dsl.pipeline(name="search-refresh")
def search_refresh(
    claim: str = "search-workspace",
    sites: List[str] = ["docs", "blog"],  # noqa: B006
    full_refresh: bool = False,
    slack_secret: str = "slack-webhook",
):
    cleanup = kubernetes.DeletePVC(pvc_name=claim)
    with dsl.ExitHandler(cleanup, name="refresh"):
        with dsl.If(full_refresh == True):  # noqa: E712
            crawl_and_index(site="all", claim=claim, api_secret="crawler-admin", shards=16)
        with dsl.ParallelFor(sites, parallelism=2) as site:
            crawl_and_index(site=site, claim=claim)
        main_site = crawl_and_index(site="www", claim=claim)
        done = labelled(notify(channel="#search", indexed=main_site.output))
        kubernetes.use_secret_as_env(done, secret_name=slack_secret, secret_key_to_env={"url": "SLACK_URL"})


TARGET = search_refresh
