"""The market a scenario plays: the actors, sites and deals the harness creates at the NMF."""
