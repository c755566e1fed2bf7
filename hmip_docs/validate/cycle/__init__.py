"""One edition after another: starting next year's record, the commitments an edition makes for
later years, and the checks that catch a record left stale from last year's copy.

``package`` is the only module here that imports the rest of hmip_docs; the others import what
they need from it.
"""
