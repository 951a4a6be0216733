"""Stage 5 — judge: evidence -> ItemResult (status and reasons) for each item."""
