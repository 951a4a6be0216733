"""Stage 2 — normalise: Source -> Document (canonical text, with a map back to the original)."""
