// Run by test/lifecycle.test.mjs in a child process: one scenario per run (argv[2]). The
// parent checks that the process ends on its own, promptly, with the expected output.
import { Databrain } from 'databrain'
import { MockServer } from 'databrain/testing'

const MINIMAL = { clientId: 'user-1', dataAppName: 'sales-dashboard' }
const scenario = process.argv[2]

// Credentials and base URL come from DATABRAIN_* set by the parent (a mock it runs).
switch (scenario) {
  case 'call': {
    const token = await new Databrain().createGuestToken(MINIMAL)
    console.log(`token ${token}`)
    break // no exit(): the process must end by itself
  }
  case 'many-calls': {
    // Hundreds of calls settle through the one completion function; once they have, nothing
    // is left to keep the process alive.
    const client = new Databrain({ maxInFlight: 8 })
    const tokens = await Promise.all(Array.from({ length: 500 }, (_, i) => client.createGuestToken({ ...MINIMAL, clientId: `u${i}` })))
    console.log(`tokens ${new Set(tokens).size}`)
    break
  }
  case 'idle-client': {
    new Databrain()
    console.log('created')
    break
  }
  case 'in-flight-exit': {
    // The parent made the mock hang; exit while the request is in flight.
    new Databrain().createGuestToken(MINIMAL).then(() => console.log('unexpected answer'))
    setTimeout(() => {
      console.log('exiting')
      process.exit(0)
    }, 200)
    break
  }
  case 'in-flight-natural': {
    // A pending call keeps the process alive until it settles, like fetch() does.
    new Databrain().createGuestToken(MINIMAL).then((t) => console.log(`late token ${t}`))
    break
  }
  case 'forgotten-mock': {
    const mock = await MockServer.start()
    const token = await mock.client().createGuestToken(MINIMAL)
    console.log(`token ${token}`)
    break // mock.close() never called
  }
  case 'uncaught-rejection': {
    // A rejection nobody handles must still end the process (with Node's usual exit code 1).
    await new Databrain({ apiKey: 'wrong' }).createGuestToken(MINIMAL)
    break
  }
  default:
    throw new Error(`unknown scenario ${scenario}`)
}
