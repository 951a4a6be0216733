"""Stage 3 — parse: Document -> ParsedReport (parts, headings, roles, sentences), and how a
sentence is read (clauses, negation, tense, actor: reading.py)."""
