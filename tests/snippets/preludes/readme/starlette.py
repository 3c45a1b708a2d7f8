import os

from snippet_support import check_fastapi_mint

os.environ.setdefault("SESSION_SECRET", "readme-snippet-test")  # the app's own secret
# --- snippet ---
check_fastapi_mint(app)  # a Starlette app: the same check
