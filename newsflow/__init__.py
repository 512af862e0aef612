"""newsflow."""
