"""The Word template checked before it is used (``hmip-docs lint-template``)."""
