"""The reference documentation generated from the code and schemas (``docs/records.md``,
``docs/rules.md``, ``docs/template.md``), and the examples it shows."""
