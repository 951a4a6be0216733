"""Stage 4 — evidence: ParsedReport + checklist -> the evidence for each item (evidence.py); text
copied between reports (copies.py, passages.py)."""
