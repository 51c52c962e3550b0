"""Check-pass scenario: the best-practice warnings (KFL7xx), task and component ones."""

import random
import time

from kfp_lite import dsl


@dsl.component(base_image="python", target_image="registry.example.com/app:latest",
               packages_to_install=["requests", "numpy==1.26.4", "pandas>=2", "git+https://example.com/x.git",
                                    "https://user:hunter22@example.com/simple/pkg.whl"],
               pip_index_urls=["https://user:hunter22@pypi.example.com/simple"])
def heavy(api_key: str = "abcd1234efgh", db_secret: str = "my-db-secret", token: str = "changeme") -> int:
    return int(time.time())


@dsl.component
def rolls(seeded: bool = False) -> int:
    if seeded:
        random.seed(1)
    return random.randint(1, 6)


@dsl.component
def quiet(password: str = "", n: int = 0) -> str:
    return str(n)


@dsl.component
def stamp() -> str:
    import datetime

    import numpy as np

    rng = np.random.default_rng()
    return str(datetime.datetime.now()) + str(rng)


@dsl.container_component
def shell(password: str, api_token: str = "", message: str = ""):
    return dsl.ContainerSpec(image="busybox", command=["sh", "-c", "echo"], args=[message])


@dsl.pipeline
def practices(secret_key: str = "s3cr3t-value", label: str = "a"):
    heavy()
    heavy().set_caching_options(False)
    rolls()
    rolls()
    stamp()
    quiet(password="hunter2hunter2")
    quiet(password="<your-password>")
    quiet(password=label)
    shell(password="AKIAABCDEFGHIJKLMNOP", api_token="ghp_" + "a" * 36)
    shell(password="x", message="xoxb-1234567890-abcdef")
    shell(password="y", message="sk-" + "b" * 24)
    shell(password="z", message="-----BEGIN RSA PRIVATE KEY-----")
    shell(password="w", message="postgres://admin:pw@db.example.com/x")
    q = quiet(password="")
    q.set_env_variable("API_KEY", "abcdefgh12345")
    q.set_env_variable("DB_SECRET", "db-credentials")
    q.set_env_variable("DB_SECRET_NAME", "Value_With_Caps_1")
    q.set_env_variable("HOME", "/root")
    q.set_container_image("python:latest")
    g = quiet(password="")
    g.set_accelerator_type("nvidia.com/gpu").set_accelerator_limit(1)
    g2 = quiet(password="")
    g2.set_accelerator_type("nvidia.com/gpu").set_accelerator_limit(1).set_memory_limit("8Gi")
    r = quiet(password="")
    r.set_cpu_request("2").set_cpu_limit("500m").set_memory_request("2Gi").set_memory_limit("1G")
    r2 = quiet(password="")
    r2.set_cpu_request("250m").set_cpu_limit("1").set_memory_request("1Mi").set_memory_limit("1Gi")
