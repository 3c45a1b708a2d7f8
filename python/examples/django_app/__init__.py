"""A minimal Django project with one view that returns a Databrain guest token.

Run it (DATABRAIN_API_KEY set, or DATABRAIN_BASE_URL/DATABRAIN_API_KEY from the mock):

    pip install databrain django
    cd python/examples && DJANGO_SETTINGS_MODULE=django_app.settings django-admin runserver

The view uses the blocking ``Databrain`` client: it releases the GIL while it waits, so
threaded servers (gunicorn --threads, runserver) keep serving other requests, and a client
built before gunicorn forks its workers (``--preload``) works in every worker.
"""
