"""docs/sark-api.md: the in-repository copy of the API contract. It must match the shared contract
(../shared/sark-api/CONTRACT.md, or SARK_CONTRACT_DIR) when that is present, and every `§x.y` and
`Bn` the code cites must exist in it. No build needed.

    python3 tests/packaging/test_docs.py --sync    # refresh the copy from the shared contract
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "sark-api.md"
MARKER = "<!-- end of sync note -->\n"
SHARED = Path(os.environ.get("SARK_CONTRACT_DIR", ROOT.parent / "shared" / "sark-api")) / "CONTRACT.md"
# Where code cites the contract.
CITING = [ROOT / "src", ROOT / "sandbox" / "src", ROOT / "sandbox" / "tests", ROOT / "tests", ROOT / "e2e"]


def contract_text() -> str:
    text = DOC.read_text(encoding="utf-8")
    assert MARKER in text, f"{DOC} lost its sync-note marker line"
    return text.split(MARKER, 1)[1]


def sections(contract: str) -> set[str]:
    """Section numbers of the headings: "## 3. Endpoints" -> "3", "### 3.13 S · WebSockets" -> "3.13"."""
    return {m.group(1).rstrip(".") for m in re.finditer(r"^#{1,6} +(\d+(?:\.\d+)*)\.? ", contract, re.M)}


def behaviours(contract: str) -> set[str]:
    """The B-numbers of section 5's table."""
    return set(re.findall(r"^\| (B\d+) \|", contract, re.M))


def citations() -> dict[str, set[str]]:
    """Every `§x.y` and `Bn` cited in code comments -> the files citing it."""
    out: dict[str, set[str]] = {}
    for base in CITING:
        for p in base.rglob("*"):
            if p.suffix not in {".rs", ".ts", ".py"} or "node_modules" in p.parts or p == Path(__file__):
                continue
            text = p.read_text(encoding="utf-8", errors="replace")
            for m in re.finditer(r"§ ?(\d+(?:\.\d+)*)", text):
                out.setdefault("§" + m.group(1), set()).add(str(p.relative_to(ROOT)))
            # Bn only where it reads as a contract reference: "B9", "(B1)", "B4:" in a comment.
            for m in re.finditer(r"(?://|/\*|\*|#).*?\b(B\d{1,2})\b", text):
                out.setdefault(m.group(1), set()).add(str(p.relative_to(ROOT)))
    return out


def test_copy_matches_shared_contract():
    if not SHARED.exists():
        pytest.skip(f"{SHARED} not present (a clone without the shared contract)")
    assert contract_text() == SHARED.read_text(encoding="utf-8"), (
        f"docs/sark-api.md differs from {SHARED}: run python3 tests/packaging/test_docs.py --sync"
    )


def test_every_citation_resolves():
    contract = contract_text()
    secs, bs = sections(contract), behaviours(contract)
    assert "3.13" in secs and "6.2" in secs and "B9" in bs, "heading or table parsing broke"
    cited = citations()
    assert cited, "no citations found: the scan is broken"
    missing = {
        ref: sorted(files)
        for ref, files in cited.items()
        if (ref.startswith("§") and ref[1:] not in secs) or (ref.startswith("B") and ref not in bs)
    }
    assert missing == {}, f"cited but not in docs/sark-api.md: {missing}"


def test_architecture_page_names_real_modules():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for path in re.findall(r"`((?:src|sandbox|e2e|docker|nginx|scripts)/[A-Za-z0-9_./-]+)`", page):
        assert (ROOT / path).exists(), f"docs/architecture.md names {path}, which does not exist"


if __name__ == "__main__":
    if sys.argv[1:] == ["--sync"]:
        head = DOC.read_text(encoding="utf-8").split(MARKER, 1)[0]
        DOC.write_text(head + MARKER + SHARED.read_text(encoding="utf-8"), encoding="utf-8")
        print(f"docs/sark-api.md <- {SHARED}")
    else:
        sys.exit("usage: python3 tests/packaging/test_docs.py --sync")
