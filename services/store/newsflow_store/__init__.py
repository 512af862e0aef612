"""newsflow_store."""
