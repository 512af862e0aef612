"""newsflow_shared: the contracts every process shares — settings (``config``), messages, queue and task names
(``queues``), the Celery app, database models, migrations and sessions (``models``, ``migrations``, ``migrate``,
``db``, ``upsert``, ``column_values``) and the error types with their policy (``errors``).

Imports no other newsflow package; everything else imports it.
"""
