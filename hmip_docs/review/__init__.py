"""Review: what changed between two records, as a report in the record's terms (``diff``) and as
a Word document with tracked changes (``redline``).

One module per job: ``items`` matches the items of two records and lists their changes,
``words`` diffs two texts word by word, ``locate`` finds where a text prints in the document,
``formats`` prints a list of changes as text, Markdown or JSON, ``redline`` writes Word's tracked
changes between two rendered documents, ``revisions`` reads records at git revisions, and
``command`` runs the two commands. ``stages`` is the only module here that imports the rest of
the package: the load, validate, context, render, check and write stages are reached through it.
"""
