"""newsflow_api: the HTTP task API (start crawls, follow them, read articles).

``create_app`` in :mod:`newsflow_api.app` builds the FastAPI application;
:func:`newsflow_api.server.run` serves it. May import ``newsflow_shared`` and ``newsflow_crawl``; never another
service.
"""
