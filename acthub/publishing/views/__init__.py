"""Pages under /data/: the pivot of any indicator, its chart and downloads, targets, data quality, records."""

from acthub.publishing.views.public import chart, index, targets
from acthub.publishing.views.staff import quality, records
from acthub.publishing.views.visualizer import download, pivot

__all__ = ["chart", "download", "index", "pivot", "quality", "records", "targets"]
