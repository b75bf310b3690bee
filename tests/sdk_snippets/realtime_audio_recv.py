import base64

from openai_core import OpenAI

client = OpenAI()
with client.realtime.connect(model="gpt-realtime") as connection:
    created = connection.recv()
    assert created.type == "session.created"
    connection.input_audio_buffer.append(audio=base64.b64encode(b"\x00\x01" * 800).decode())
    connection.input_audio_buffer.commit()
    committed = connection.recv()
    assert committed.type == "input_audio_buffer.committed"
    connection.conversation.item.create(
        item={"type": "message", "role": "user", "content": [{"type": "input_text", "text": "ping"}]}
    )
    connection.response.create(response={"output_modalities": ["text"]})
    done = None
    for event in connection:
        if event.type == "response.done":
            done = event
            break
assert done is not None
assert done.response.status == "completed"
