from pathlib import Path

from openai_core import OpenAI

client = OpenAI()
path = Path("big.jsonl")
path.write_bytes(b'{"prompt": "x"}\n' * 4096)
upload = client.uploads.upload_file_chunked(
    file=path,
    mime_type="application/jsonl",
    purpose="batch",
    part_size=16 * 1024,
)
assert upload.status == "completed"
assert upload.file is not None
assert upload.file.bytes == path.stat().st_size
assert client.files.content(upload.file.id).read() == path.read_bytes()
