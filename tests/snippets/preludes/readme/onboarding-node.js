const { storeSecret } = require('./support/mint-check')
// --- snippet ---
