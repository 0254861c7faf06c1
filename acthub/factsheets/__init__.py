"""Fact sheets regenerated from live data: the regional sheet and one per country, in HTML, PDF and JSON.

- `content` reads what a sheet says (through the portal's selectors) for a scope and a period;
  `figures` is the engine's FigureSet seen as at the end of that period; `sections` lists the
  sections in the seeds' order; `rendering` renders the HTML fragment, the PDF (WeasyPrint) and the
  JSON document of every figure with its provenance.
- `models` keeps drafts and frozen published editions (files and SHA-256) and render jobs;
  `services` holds the actions (draft, publish, jobs) and `tasks` the django-tasks task.
- Interfaces: `views` (/factsheets/), `management/commands/factsheet.py`, and the admin (read only).
"""
