"""Accelerator type and limit; a type alone defaults the count to 1."""

from kfp_lite import dsl


@dsl.component
def train_gpu(epochs: int) -> float:
    return 0.1 * epochs


@dsl.pipeline
def gpus():
    train_gpu(epochs=1).set_accelerator_type("nvidia.com/gpu").set_accelerator_limit(2)
    train_gpu(epochs=2).set_accelerator_type("NVIDIA_TESLA_T4")
    train_gpu(epochs=3).set_accelerator_limit("4").set_accelerator_type("TPU_V3")


TARGET = gpus
