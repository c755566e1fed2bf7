"""Render: the context through the Word template (``word``), in a child process held to
time and memory limits (``sandbox``)."""
