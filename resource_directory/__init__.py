"""resource-directory: a community resource directory and referral matcher.

The package's own ``__init__`` imports nothing, so the engines (``matching``, ``eligibility``,
``schedules``, ``geo``) and the top-level ``importers`` load without Flask; the web app is
built by :func:`resource_directory.app.create_app`.
"""
