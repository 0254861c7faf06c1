"""The core app's read-only REST API (routed in acthub.api.urls)."""
