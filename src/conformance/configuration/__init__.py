"""`conformance.toml`: what a vendor writes once (target, credential, timeouts, capability manifest)."""
