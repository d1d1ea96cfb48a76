"""Certification: a signed bundle of one full, finished, passing run, checked offline."""
