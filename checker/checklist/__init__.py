"""The checklist: domain data (items, vocabulary, profiles, editions) read from YAML, validated
with pydantic, and compiled for matching. The bottom layer above models.py."""
