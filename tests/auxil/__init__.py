"""Helpers shared by test modules (PTB's tests/auxil): import them, never a conftest."""
