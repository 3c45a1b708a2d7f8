const { checkFetchMint, fail } = require('./support/mint-check')
// --- snippet ---
checkFetchMint(app, handler).catch(fail)
