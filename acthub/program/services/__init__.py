"""Domain operations of the program app: grants (reports, totals, overdue) and governance (members, actions)."""
