from snippet_support import deploy, store_secret
# --- snippet ---
