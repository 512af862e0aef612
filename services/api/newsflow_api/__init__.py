"""newsflow_api."""
