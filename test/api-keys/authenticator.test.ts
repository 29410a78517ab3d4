import { describe, expect, it } from 'vitest'
import { createAuthenticator } from '../../server/api-keys/authenticator.js'

const errorName = (result: { errorName: string } | undefined) => result?.errorName

describe('the authenticator', async () => {
  it('opens any SID to any non-empty api-key when there is no accounts list', async () => {
    const auth = createAuthenticator()
    expect(await auth.check('HXA', 'anything')).toBeUndefined()
    expect(errorName(await auth.check('HXA', '  '))).toBe('API_KEY_MISSING')
    expect(errorName(await auth.check('HXA', undefined))).toBe('API_KEY_MISSING')
  })

  it('accepts only the listed pairs when given an accounts list', async () => {
    const auth = createAuthenticator([{ sid: 'HXA', apiKey: 'ka' }])
    expect(await auth.check('HXA', 'ka')).toBeUndefined()
    expect(errorName(await auth.check('HXA', 'kb'))).toBe('API_KEY_INVALID')
    expect(errorName(await auth.check('HXB', 'ka'))).toBe('API_KEY_INVALID')
  })

  it('closes a SID to every key but the registered ones, leaving other SIDs open', async () => {
    const auth = createAuthenticator()
    await auth.register('HXA', 'ka')
    expect(await auth.check('HXA', 'ka')).toBeUndefined()
    expect(errorName(await auth.check('HXA', 'kb'))).toBe('API_KEY_INVALID')
    expect(await auth.check('HXB', 'kb')).toBeUndefined()
  })

  it('adds registered keys to the listed ones, and reset keeps the list', async () => {
    const auth = createAuthenticator([{ sid: 'HXA', apiKey: 'ka' }])
    await auth.register('HXA', 'kb')
    await auth.register('HXC', 'kc')
    expect(await auth.check('HXA', 'ka')).toBeUndefined()
    expect(await auth.check('HXA', 'kb')).toBeUndefined()
    expect(await auth.check('HXC', 'kc')).toBeUndefined()
    await auth.reset()
    expect(errorName(await auth.check('HXA', 'kb'))).toBe('API_KEY_INVALID')
    expect(errorName(await auth.check('HXC', 'kc'))).toBe('API_KEY_INVALID')
    expect(await auth.check('HXA', 'ka')).toBeUndefined()
  })

  it('reopens a SID when its last registered key is unregistered', async () => {
    const auth = createAuthenticator()
    await auth.register('HXA', 'ka')
    await auth.register('HXA', 'kb')
    await auth.unregister('HXA', 'ka')
    expect(errorName(await auth.check('HXA', 'ka'))).toBe('API_KEY_INVALID')
    await auth.unregister('HXA', 'kb')
    expect(await auth.check('HXA', 'ka')).toBeUndefined()
  })

  it('keeps registrations to its own app: two authenticators share nothing', async () => {
    const first = createAuthenticator()
    const second = createAuthenticator()
    await first.register('HXA', 'ka')
    expect(await second.check('HXA', 'kb')).toBeUndefined()
  })
})
