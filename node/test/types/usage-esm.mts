// ESM consumers (`import` in a .mjs/.mts file or a "type": "module" project) see the same
// types through index.d.mts, plus the default export.
import databrain, { Databrain, ValidationError, type GuestTokenRequest } from 'databrain'
import { MockServer } from 'databrain/testing'

const request: GuestTokenRequest = { clientId: 'u', dataAppName: 'sales-dashboard' }
const mock = await MockServer.start()
const client: Databrain = new databrain.Databrain(mock.clientOptions)
try {
  const token: string = await client.createGuestToken(request)
  console.log(token)
} catch (err) {
  if (err instanceof ValidationError) console.log(err.errors)
  if (err instanceof databrain.RateLimitError) console.log(err.retryAfter)
}
mock.close()
// @ts-expect-error not exported
import { NativeClient } from 'databrain'
void NativeClient
