const { storeSecret, deploy } = require('./support/mint-check')
// --- snippet ---
