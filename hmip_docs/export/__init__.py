"""Write and export: a Word document built end to end (``build``), a tagged PDF
(``pdf``), the text as Markdown for review (``markdown``), each written atomically
(``write``)."""
