"""The hand-checked training program of the engine's tests, for the pages that show it."""

from acthub.indicators.tests.conftest import _fresh_page_cache, computed, training

__all__ = ["_fresh_page_cache", "computed", "training"]
