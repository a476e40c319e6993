"""Allow ``python -m brief_editor``."""

from brief_editor.cli import main

raise SystemExit(main())
