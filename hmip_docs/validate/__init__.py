"""Validate: the JSON Schema pass, the cross-field rules (``rules/``), suppressions,
and the run over every file."""
