import asyncio

from openai_core import AsyncOpenAI, OpenAI

client = OpenAI()
evaluation = client.evals.create(
    name="sentiment",
    data_source_config={
        "type": "custom",
        "item_schema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]},
        "include_sample_schema": True,
    },
    testing_criteria=[
        {
            "type": "string_check",
            "name": "exact",
            "input": "{{ sample.output_text }}",
            "reference": "{{ item.label }}",
            "operation": "eq",
        }
    ],
)
assert evaluation.id.startswith("eval_")
assert evaluation.name == "sentiment"
assert evaluation.id in [e.id for e in client.evals.list()]


async def main() -> None:
    aclient = AsyncOpenAI()
    got = await aclient.evals.retrieve(evaluation.id)
    assert got.name == "sentiment"
    await aclient.close()


asyncio.run(main())

run = client.evals.runs.create(
    evaluation.id,
    name="nightly",
    data_source={
        "type": "jsonl",
        "source": {"type": "file_content", "content": [{"item": {"text": "good", "label": "good"}}]},
    },
)
assert run.status == "completed"
assert run.result_counts.passed == 1
assert run.id in [r.id for r in client.evals.runs.list(evaluation.id)]
