"""``python -m openai_core``: the ``openai-core`` command line."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
