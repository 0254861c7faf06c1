"""Monitoring pages: ACTIP (actip.py), grants and their reports (grants.py), governance (governance.py)."""
