"""Staff-annex recovery: one engine, one adapter per edition."""
