"""Pages under /data/: the pivot of any indicator, its chart and downloads, targets, data quality, records."""

from acthub.indicators.views.public import chart, download, index, pivot, targets
from acthub.indicators.views.staff import quality, records

__all__ = ["chart", "download", "index", "pivot", "quality", "records", "targets"]
