from snippet_support import check_django_mint, configure_django

configure_django()  # settings.py: sessions, CSRF and auth middleware; this file is the URLconf
# --- snippet ---
check_django_mint()
