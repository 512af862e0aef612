"""newsflow_shared."""
