"""Triage: a pure, deterministic function of the answers, driven by content/triage/rules.yaml."""
