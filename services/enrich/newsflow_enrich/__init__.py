"""newsflow_enrich."""
