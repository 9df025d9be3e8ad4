"""Write docs/cli.md, the command-line reference, from the argparse parser.

python tools/cli_reference.py           # rewrite docs/cli.md
python tools/cli_reference.py --check   # exit 1 when docs/cli.md is not current
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportmine.cli.reference import reference_markdown

PAGE = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def main(argv: list[str]) -> int:
    text = reference_markdown()
    if "--check" in argv:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != text:
            print(f"{PAGE} is out of date: run python tools/cli_reference.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
