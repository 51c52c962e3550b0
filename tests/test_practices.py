"""The best-practice warnings (KFL7xx): each fires on the bad shapes, stays quiet on the good ones,
and points at the line that says the thing (so that ``# noqa`` there works)."""

from __future__ import annotations

import glob
import os
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kfp_lite.compiler import practices

from kfp_lite.cli.checking import check
from kfp_lite.settings import Settings

HERE = os.path.dirname(__file__)


def _check(tmp_path, source: str, name: str = "p.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(source))
    return check([str(path)], settings=Settings())


def _lines(found, code):
    return sorted(d.location.line for d in found if d.code == code and d.location)


def _marked(source: str, marker: str = "# BAD") -> list[int]:
    return [n for n, line in enumerate(textwrap.dedent(source).splitlines(), 1) if marker in line]


# --- KFL701 unpinned-image ------------------------------------------------------------------

IMAGES_BAD = """\
from kfp_lite import dsl


@dsl.component(base_image="tensorflow/tensorflow")  # BAD
def no_tag() -> int:
    return 1


@dsl.component(
    packages_to_install=[],
    base_image="registry.example.com:5000/team/py:latest",  # BAD
)
def latest_with_port() -> int:
    return 2


@dsl.container_component
def fetch():
    return dsl.ContainerSpec(
        image="busybox",  # BAD
        command=["true"])


@dsl.pipeline
def p():
    no_tag()
    latest_with_port()
    fetch()
    no_tag().set_container_image("python:latest")  # BAD
"""

IMAGES_GOOD = """\
from kfp_lite import dsl


@dsl.component(base_image="registry.example.com:5000/team/py:3.11")
def tagged() -> int:
    return 1


@dsl.component
def default_image() -> int:
    return 1


@dsl.container_component
def fetch():
    return dsl.ContainerSpec(image="busybox@sha256:" + "a" * 64, command=["true"])


@dsl.pipeline
def p(image: str = "python:3.12"):
    tagged()
    default_image()
    fetch()
    tagged().set_container_image(image)
"""


def test_unpinned_images_are_flagged_where_they_are_written(tmp_path):
    found = _check(tmp_path, IMAGES_BAD)
    assert _lines(found, "KFL701") == _marked(IMAGES_BAD)
    assert all(not d.is_error for d in found)


def test_pinned_images_pass(tmp_path):
    assert _check(tmp_path, IMAGES_GOOD) == []


@pytest.mark.parametrize("image,problem", [
    ("python", True), ("python:latest", True), ("localhost:5000/x", True), ("localhost:5000/x:latest", True),
    ("python:3.11", False), ("a/b@sha256:abc", False), ("{{$.inputs.parameters['img']}}", False),
    ("localhost:5000/x:1", False),
])
def test_image_problem(image, problem):
    assert bool(practices.image_problem(image)) is problem


# --- KFL702 literal-secret ------------------------------------------------------------------

SECRETS_BAD = """\
from kfp_lite import dsl


@dsl.component
def login(user: str, password: str = "hunter22") -> str:  # BAD
    return user


@dsl.component(pip_index_urls=["https://bot:s3cr3t@pypi.example.com/simple"])  # BAD
def private() -> int:
    return 1


@dsl.pipeline
def p(api_key: str = "abcd1234efgh",  # BAD
      jwt_secret: str = "Sup3r_S3cret!"):  # BAD
    login(user="me", password="p4ssw0rd!")  # BAD
    private().set_env_variable("HF_TOKEN", "hf_abcdefghijklmnop")  # BAD
    private().set_env_variable("NOTE", "AKIAABCDEFGHIJKLMNOP")  # BAD
"""

SECRETS_GOOD = """\
from kfp_lite import dsl


@dsl.component
def login(user: str, password: str = "", secret_name: str = "db-creds", tokenizer: str = "bpe",
          max_tokens: int = 10, token_path: str = "/var/run/token") -> str:
    return user


@dsl.pipeline
def p(password: str = "changeme", api_key_env: str = "OPENAI_API_KEY", db_secret: str = "warehouse-creds"):
    login(user="me", password=password)
    login(user="me").set_env_variable("DB_PASSWORD_FILE", "/secrets/db")
    login(user="me").set_env_variable("STAGE", "prod")
"""


def test_literal_secrets_are_flagged(tmp_path):
    found = _check(tmp_path, SECRETS_BAD)
    assert _lines(found, "KFL702") == _marked(SECRETS_BAD)


def test_names_that_refer_to_secrets_pass(tmp_path):
    assert _check(tmp_path, SECRETS_GOOD) == []


@pytest.mark.parametrize("name,secret", [
    ("API_KEY", True), ("apiKey", True), ("db_password", True), ("HF_TOKEN", True), ("client_secret", True),
    ("aws_secret_access_key", True), ("secret_name", False), ("token_path", False), ("tokenizer", False),
    ("max_tokens", False), ("api_key_env", False), ("author", False), ("key", False),
    ("db_secret", False),  # ambiguous: flagged only when its value is not a Kubernetes name
])
def test_secret_name(name, secret):
    assert practices.secret_name(name) is secret


# --- KFL703 gpu-without-limits --------------------------------------------------------------

GPU = """\
from kfp_lite import dsl


@dsl.component
def train() -> int:
    return 1


@dsl.pipeline
def p():
    train().set_accelerator_type("nvidia.com/gpu")  # BAD
    train().set_accelerator_limit(2)  # BAD
    train().set_accelerator_type("nvidia.com/gpu").set_memory_limit("32Gi")
    train().set_accelerator_limit(1).set_cpu_limit("4")
    train().set_accelerator_limit(0)
    train().set_memory_limit("1Gi")
"""


def test_gpu_tasks_need_a_limit(tmp_path):
    found = _check(tmp_path, GPU)
    assert _lines(found, "KFL703") == _marked(GPU)
    assert {d.code for d in found} == {"KFL703"}


# --- KFL704 unpinned-package ----------------------------------------------------------------

PACKAGES = """\
from kfp_lite import dsl


@dsl.component(packages_to_install=[
    "pandas",  # BAD
    "numpy==1.26.4",
    "scikit-learn>=1.4,<2",
    "torch ; python_version >= '3.9'",  # BAD
    "mylib @ git+https://example.com/mylib@v1",
    "https://example.com/wheels/tool-1.0-py3-none-any.whl",
])
def fit() -> int:
    return 1


@dsl.component(packages_to_install=["requests"])  # BAD
def get() -> int:
    return 1
"""


def test_unversioned_packages_are_flagged_each_at_its_string(tmp_path):
    found = _check(tmp_path, PACKAGES)
    assert _lines(found, "KFL704") == _marked(PACKAGES)


@pytest.mark.parametrize("requirement,problem", [
    ("pandas", True), ("pandas[excel]", True), ("pandas==2.2", False), ("pandas~=2.2", False),
    ("./local", False), ("--extra-index-url", False), ("x @ file:///tmp/x", False),
])
def test_package_problem(requirement, problem):
    assert bool(practices.package_problem(requirement)) is problem


# --- KFL705 cache-nondeterministic ----------------------------------------------------------

NONDETERMINISTIC = """\
from kfp_lite import dsl


@dsl.component
def flip() -> str:
    import random
    return random.choice(["heads", "tails"])  # BAD


@dsl.component
def stamp() -> str:
    from datetime import datetime
    return datetime.now().isoformat()  # BAD


@dsl.component
def stamp2() -> float:
    from time import time
    return time()  # BAD


@dsl.component
def seeded() -> float:
    import random
    random.seed(42)
    return random.random()


@dsl.component
def rng() -> float:
    import numpy as np
    return float(np.random.default_rng(7).random())


@dsl.component
def uncached() -> float:
    import random
    return random.random()


@dsl.pipeline
def p():
    flip()
    flip()
    stamp()
    stamp2()
    seeded()
    rng()
    uncached().set_caching_options(False)
"""


def test_cached_nondeterministic_components_warn_once_at_the_read(tmp_path):
    found = _check(tmp_path, NONDETERMINISTIC)
    assert _lines(found, "KFL705") == _marked(NONDETERMINISTIC)
    flip = [d for d in found if "'flip'" in d.message]
    assert len(flip) == 1 and "'flip', 'flip-2'" in flip[0].message


# --- KFL706 request-above-limit -------------------------------------------------------------

REQUESTS = """\
from kfp_lite import dsl


@dsl.component
def work() -> int:
    return 1


@dsl.pipeline
def p():
    work().set_memory_limit("4Gi").set_memory_request("8Gi")  # BAD
    work().set_cpu_request("1500m").set_cpu_limit("1")  # BAD
    work().set_memory_request("1G").set_memory_limit("1Gi")
    work().set_cpu_request("500m").set_cpu_limit("0.5")
"""


def test_request_above_limit(tmp_path):
    found = _check(tmp_path, REQUESTS)
    assert _lines(found, "KFL706") == _marked(REQUESTS)


@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(["", "K", "Ki", "M", "Mi", "G", "Gi"]))
def test_memory_quantity_units(number, unit):
    value = practices.quantity(f"{number}{unit}", "memory")
    assert value == number * practices._MEMORY_UNITS[unit]


# --- noise: the samples and the corpus ------------------------------------------------------

def test_samples_have_no_best_practice_warnings():
    samples = sorted(glob.glob(os.path.join(HERE, "..", "samples", "*.py")))
    found = check(samples, settings=Settings())
    assert [d.format_text() for d in found] == []


def test_corpus_warnings_are_few_and_real():
    """The kfp corpus mirrors kfp's own samples; the warnings it gets are true positives
    (cached coin flips, unpinned packages, GPU tasks without limits), not noise."""
    cases = sorted(glob.glob(os.path.join(HERE, "cases", "*.py")))
    found = [d for d in check(cases, settings=Settings()) if d.code.startswith("KFL7")]
    files = {d.location.file for d in found}
    assert len(files) <= len(cases) // 10, sorted(files)
    assert {d.code for d in found} <= {"KFL703", "KFL704", "KFL705"}
