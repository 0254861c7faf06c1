"""Publishing: the pages that show indicators (pivots, charts, downloads, targets, data quality, records).

The indicators engine (acthub.indicators) computes and protects figures and knows no page; this app
reads them through the engine and lays them out. URLs stay under /data/ (namespace `indicators`).
"""
