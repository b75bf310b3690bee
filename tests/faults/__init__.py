"""Fault-injection tests: a misbehaving real server against both clients and transports."""
