"""newsflow_ingest."""
