"""dsl.If / dsl.Else on a string pipeline parameter compared with a constant."""

from kfp_lite import dsl


@dsl.component
def deploy_model(environment: str) -> str:
    return f"deployed to {environment}"


@dsl.component
def skip_deployment(reason: str):
    print(reason)


@dsl.pipeline(name="conditional-deploy")
def conditional_deploy(environment: str = "staging"):
    with dsl.If(environment == "production"):
        deploy_model(environment=environment)
    with dsl.Else():
        skip_deployment(reason="not a production run")


TARGET = conditional_deploy
