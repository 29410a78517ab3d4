import { describe, expect, it } from 'vitest'
import { API_KEY, buildTestApp, postActivation, postForm } from './helpers.js'

// Requests the fuzz target once found answered outside the envelope style; each stays here.
describe('requests the fuzzer once broke', () => {
  it('answers a SID longer than the router\'s parameter limit with a 400 E400 envelope', async () => {
    const app = await buildTestApp()
    const response = await postActivation(app, { sid: 'HX' + 'Z'.repeat(200), payload: '{}', headers: { 'content-type': 'application/json' } })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({
      code: 'E400', message: 'Bad request.', data: [],
      error: { code: 'E400', message: 'A path segment is too long.', data: [] },
    })
    expect((await postForm(app, 'HXAFTERLONGSID')).statusCode).toBe(200)
  })

  it('answers a path with a broken percent-escape with a 400 E400 envelope', async () => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'POST', url: '/v1/HX%zz/whatsapp/activation', payload: '{}', headers: { 'content-type': 'application/json', 'api-key': API_KEY } })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({
      code: 'E400', message: 'Bad request.', data: [],
      error: { code: 'E400', message: 'The path is not a valid URL.', data: [] },
    })
  })
})
