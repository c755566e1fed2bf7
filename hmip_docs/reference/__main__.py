"""``python -m hmip_docs.reference``: regenerate the reference docs (``--check``: say which are
stale)."""

import sys

from hmip_docs.reference.generate import main

if __name__ == "__main__":
    sys.exit(main())
