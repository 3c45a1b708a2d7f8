const { checkHttpMint, fail } = require('./support/mint-check')
// --- snippet ---
checkHttpMint(server).catch(fail)
