"""kubernetes: Secrets and ConfigMaps as env and volumes; names from constants, pipeline
parameters and task outputs (which add dependentTasks)."""

from kfp_lite import dsl, kubernetes


@dsl.component
def secret_name() -> str:
    return "db-credentials"


@dsl.component
def connect(table: str):
    print(table)


@dsl.pipeline(name="k8s-secrets-config-maps")
def secrets_config_maps(env_secret: str = "api-token", settings: str = "app-settings"):
    name = secret_name()
    a = connect(table="users")
    kubernetes.use_secret_as_env(a, secret_name="db-credentials",
                                 secret_key_to_env={"username": "DB_USER", "password": "DB_PASSWORD"})
    kubernetes.use_secret_as_env(a, secret_name=env_secret, secret_key_to_env={"token": "API_TOKEN"},
                                 optional=True)
    kubernetes.use_secret_as_volume(a, secret_name="tls-cert", mount_path="/etc/tls")
    kubernetes.use_config_map_as_env(a, config_map_name="app-config",
                                     config_map_key_to_env={"region": "REGION", "endpoint": "ENDPOINT"})
    kubernetes.use_config_map_as_volume(a, config_map_name=settings, mount_path="/etc/settings", optional=True)

    b = connect(table="orders")
    kubernetes.use_secret_as_env(b, secret_name=name.output, secret_key_to_env={"password": "PASSWORD"})
    kubernetes.use_secret_as_volume(b, secret_name=env_secret, mount_path="/secrets", optional=True)
    kubernetes.use_config_map_as_env(b, config_map_name=name.output, config_map_key_to_env={})
    kubernetes.use_config_map_as_volume(b, config_map_name="scripts", mount_path="/opt/scripts")
