"""The ``hmip-docs`` command line."""
