"""Review: what changed between two records, as a report in the record's terms (``diff``) and as
a Word document with tracked changes (``redline``).

One module per job: ``items`` lists the changes between two records, ``matching`` tells which
item of one list is which of the other, ``words`` diffs two texts word by word, ``locate`` finds
where a text prints in the document, ``formats`` prints a list of changes as text, Markdown or
JSON, ``redline`` aligns two rendered documents and writes Word's tracked changes between them
(``wordml`` the markup, ``inline`` a paragraph changed in place, ``resolve`` what accepting or
rejecting them all shows), ``revisions`` reads records at git revisions, and ``command`` runs the
two commands. ``stages`` is the only module here that imports the rest of the package: the load,
validate, context, render, check and write stages are reached through it.
"""
