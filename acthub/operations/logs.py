"""Structured logs: one JSON object a line, with the id of the request (X-Request-ID) that wrote it.

Selected by ACTHUB_LOG_FORMAT=json (the default; `plain` for a developer's terminal). A log
collector joins the lines of one request by `request_id`, and a user who reports a failure can quote
the X-Request-ID of the page.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from acthub.audit.context import current_request_id

# Attributes every LogRecord has; anything else was passed through `extra=` and is kept.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (or None outside a request or job) to every record.

    Inside a request or job the id is the acting one; Django's own request loggers write after the
    request's block has ended, and pass the request, which carries its id (acthub.audit.middleware).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = current_request_id() or getattr(getattr(record, "request", None), "request_id", None)
        record.request_id = str(request_id) if request_id is not None else None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request_id, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "process": record.process,
        }
        for key, value in vars(record).items():
            if key == "request":
                # Django's request loggers pass the request: its method and path only, never the
                # query string (searches for people's names end up there) nor the headers.
                entry["method"], entry["path"] = getattr(value, "method", None), getattr(value, "path", None)
            elif key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)
