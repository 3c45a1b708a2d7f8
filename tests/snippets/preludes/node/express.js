const express = require('express')
const { checkMintEndpoint, testSignIn, fail } = require('./support/mint-check')

const app = express()
app.use(testSignIn) // a signed-in user on req.user, as Passport sets it
// --- snippet ---
checkMintEndpoint(app).catch(fail)
