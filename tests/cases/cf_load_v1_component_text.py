"""A v1 component given inline to load_component_from_text, used inside a loop and a condition."""

from kfp_lite import components, dsl

QUERY_COMPONENT = """
name: Run BigQuery query
description: Runs a query and writes the result table name.
inputs:
- name: Query
  type: String
- name: Project
  type: String
  default: my-project
- name: Max rows
  type: Integer
  optional: true
- name: Dry run
  type: Boolean
  default: 'True'
- name: Labels
  type: JsonObject
  default: '{}'
- name: Sample rate
  type: Float
  default: '1.5'
outputs:
- name: Table
  type: String
- name: Results
  type: Dataset
implementation:
  container:
    image: gcr.io/ml-team/bq-runner:latest
    command:
    - sh
    - -c
    - |
      echo "$0" "$1" > "$2"
    - {inputValue: Query}
    - {inputValue: Project}
    - {outputPath: Table}
    args:
    - --results
    - {outputPath: Results}
    - --sample
    - {inputValue: Sample rate}
    - --labels
    - {inputValue: Labels}
    - if:
        cond: {isPresent: Max rows}
        then:
        - concat: [--max-rows=, {inputValue: Max rows}]
    - --dry-run
    - {inputValue: Dry run}
"""

run_query = components.load_component_from_text(QUERY_COMPONENT)


@dsl.pipeline(name="daily-queries")
def daily_queries(project: str = "analytics-prod", limit: int = 100):
    with dsl.ParallelFor(["SELECT 1", "SELECT 2"]) as query:
        first = run_query(query=query, project=project, max_rows=limit)
        with dsl.If(first.outputs["table"] != ""):
            run_query(query=first.outputs["table"], dry_run=False, labels={"team": "ml"})


TARGET = daily_queries
