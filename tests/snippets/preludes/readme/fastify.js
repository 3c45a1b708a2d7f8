const { checkFastifyMint, fail } = require('./support/mint-check')
// --- snippet ---
checkFastifyMint(app).catch(fail)
