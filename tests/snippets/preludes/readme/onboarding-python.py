from snippet_support import store_secret
# --- snippet ---
