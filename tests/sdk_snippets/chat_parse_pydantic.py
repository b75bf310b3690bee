from pydantic import BaseModel

from openai_core import OpenAI


class Step(BaseModel):
    explanation: str
    output: str


class MathResponse(BaseModel):
    steps: list[Step]
    final_answer: str


client = OpenAI()
completion = client.chat.completions.parse(
    model="gpt-4o-2024-08-06",
    messages=[
        {"role": "system", "content": "You are a helpful math tutor."},
        {"role": "user", "content": "solve 8x + 31 = 2"},
    ],
    response_format=MathResponse,
)
message = completion.choices[0].message
assert message.refusal is None
parsed = message.parsed
assert isinstance(parsed, MathResponse)
assert isinstance(parsed.final_answer, str)
assert all(isinstance(step, Step) for step in parsed.steps)
assert MathResponse.model_validate_json(message.content) == parsed
