"""Developer tools for openai-core (code generation, benchmarks)."""
