"""Alembic revisions, one file each; a package so setuptools ships them with ``newsflow_shared``."""
