"""Operations: what lets an operator see inside a running newsflow.

``metrics`` declares the Prometheus metric families (their names and labels are a contract: dashboards and alert
rules depend on them) and the small functions the stages count through; ``worker_metrics`` serves a Celery
worker's metrics, summed over its prefork children; ``broker`` reads queue depths and ages from Celery's Redis
transport at scrape time.

May import ``newsflow_shared`` only (and third-party packages): the delivery policy (``newsflow_crawl``), every
service and the application import it.
"""
