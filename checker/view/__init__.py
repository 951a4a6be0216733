"""Stage 7 — view: graded results -> RunView/ReportView, the plain data every format lays out."""
