"""newsflow: the one command (``cli``) and the only place that composes the services.

The CLI's commands (``crawl``, ``extract``, ``enrich``, ``reprocess``, ``import-warc``, ``worker``, ``api``,
``beat``, ``migrate``, ``failures``, ``tokens``, ``demo``), the embedded runner (``runner`` on the in-process
transport ``inprocess_queue``), the live view (``progress``), the recurring-crawl scheduler (``schedule``) and
the bundled sample site. May import every package; no service imports it.
"""
