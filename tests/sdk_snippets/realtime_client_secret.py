import asyncio

from openai_core import AsyncOpenAI, OpenAI

client = OpenAI()
secret = client.realtime.client_secrets.create(
    session={"type": "realtime", "model": "gpt-realtime", "instructions": "Be kind."}
)
assert secret.value.startswith("ek_")
assert secret.expires_at > 0
assert secret.session.type == "realtime"


async def main() -> None:
    aclient = AsyncOpenAI()
    other = await aclient.realtime.client_secrets.create(session={"type": "realtime", "model": "gpt-realtime"})
    assert other.value != secret.value
    await aclient.close()


asyncio.run(main())
