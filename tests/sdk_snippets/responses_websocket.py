from openai_core import OpenAI

client = OpenAI()
with client.responses.connect() as connection:
    connection.response.create(model="gpt-4o", input="Hello over a socket")
    text = ""
    for event in connection:
        if event.type == "response.output_text.delta":
            text += event.delta
        elif event.type == "response.completed":
            break
assert text.endswith("Hello over a socket")
