"""Checks: the rendered document checked before it is kept (publishable and accessible)."""
