"""Deterministic generator of the labelled benchmark image set (``python -m pii_scan.synth``)."""
