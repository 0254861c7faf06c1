"""Database backends that know about the append-only audit triggers."""
