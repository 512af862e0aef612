"""The one Alembic environment of newsflow (``env.py``, ``versions/``).

Run through ``newsflow_shared.migrate``, never on import.
"""
