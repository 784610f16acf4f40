"""The demonstration data (``manage.py seed_demo``): a door like the web UI and the API, it
drives the same services a user would."""
