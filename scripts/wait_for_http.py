"""Wait until a URL answers over HTTP (any status), or give up: `wait_for_http.py URL SECONDS`.

Exit 0 once it answers, 1 when the time is up. Used by `make run` to print the URL only when it works.
"""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request


def wait(url: str, seconds: float, *, pause: float = 0.25) -> bool:
    """True once `url` gives any HTTP answer within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (a loopback URL given by the Makefile)
                return True
        except urllib.error.HTTPError:
            return True  # an error page is an answer: the server is up
        except (OSError, ValueError):
            time.sleep(pause)
    return False


if __name__ == "__main__":
    sys.exit(0 if wait(sys.argv[1], float(sys.argv[2])) else 1)
