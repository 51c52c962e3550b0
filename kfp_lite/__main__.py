"""``python -m kfp_lite`` runs the ``kfp-lite`` command line."""

from __future__ import annotations

from kfp_lite.cli import main

if __name__ == "__main__":
    main()
