"""Benchmark of openai-core against raw ``requests``/``aiohttp`` (and the official SDK when present).

Run from the repository root: ``python -m tools.bench [--quick] [--scenario NAME] [--repeat N]
[--json PATH]``. A local server process answers on 127.0.0.1 with precomputed OpenAI-shaped
bodies; each scenario runs in fresh client processes pinned to another core, and the report
gives client CPU per unit (primary) and wall time (secondary) with the ratio ours/raw.
"""
