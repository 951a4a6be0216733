"""Stage 6 — score: ItemResults -> ReportResult (score.py); gate.py is the one pass/fail
decision; waivers.py the items a unit is excused from."""
