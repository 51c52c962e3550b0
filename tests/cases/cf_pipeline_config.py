"""dsl.PipelineConfig with a workspace and TTLs: kfp writes a second YAML document (platform spec)."""

from kfp_lite import dsl


@dsl.component
def write_workspace(path: str):
    print(path)


@dsl.pipeline(
    name="workspace-pipeline",
    pipeline_config=dsl.PipelineConfig(
        workspace=dsl.WorkspaceConfig(
            size="10Gi",
            kubernetes=dsl.KubernetesWorkspaceConfig(
                pvcSpecPatch={"storageClassName": "standard", "accessModes": ["ReadWriteOnce"]}
            ),
        ),
        ttl_seconds_after_finished=3600,
        active_deadline_seconds=7200,
    ),
)
def workspace_pipeline():
    write_workspace(path=dsl.WORKSPACE_PATH_PLACEHOLDER)


TARGET = workspace_pipeline
