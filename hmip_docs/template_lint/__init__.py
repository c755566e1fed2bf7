"""Check a Word template before it is used, so a Word edit that breaks it fails here and not at
publication: ``hmip-docs lint-template``.

The template is read the way the build reads it (``parts.py``): docxtpl's own XML preprocessing
(``patch_xml`` on the body, headers, footers and footnotes, and the core properties it renders),
then Jinja with the environment ``render/word.py`` uses. Four kinds of check:

- syntax (``syntax.py``): every Jinja mistake, with the text of the paragraph it is in and the
  part (body, header, footer);
- names (``walker.py``, with ``context_types.py``): every variable path the template uses
  (``q.decision.programme.intro``, loop variables resolved to their element types) exists in the
  typed context of ``context/model.py``, whatever any one record holds; formatted text (``Text``)
  is printed with ``{{r … }}`` and plain values with ``{{ … }}``;
- coverage (``coverage.py``): record fields that the template prints nowhere are listed as
  warnings, unless the schema marks them unprinted, ``"x-unprinted"`` (data the rules check, not
  prose);
- contract (``contract.py``, data, checked by ``contract_check.py``): the styles, numbering,
  table header flags and properties the build relies on are present, and the template passes the
  output checks that do not depend on a record (fonts, heading order, alternative text…).

``lint.py`` runs them on one template, ``limited.py`` in a process held to the render's limits,
and ``rules.py`` holds the lint's rule ids.
"""
