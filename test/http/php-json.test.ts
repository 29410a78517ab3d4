import { describe, expect, it } from 'vitest'
import { nestsDeeperThan, readPhpJson } from '../../server/http/php-json.js'

const nested = (levels: number, inner = '1') => `${'['.repeat(levels)}${inner}${']'.repeat(levels)}`

/** How deeply arrays and objects nest in a parsed value: the depth json_decode counts. */
function depthOf (value: unknown): number {
  if (value === null || typeof value !== 'object') return 0
  return 1 + Math.max(0, ...Object.values(value).map(depthOf))
}

describe('reading JSON as json_decode at its default depth of 512', () => {
  it.each([
    ['512 levels of arrays', nested(512), false],
    ['513 levels of arrays', nested(513), true],
    ['513 levels of objects and arrays', `${'{"a":['.repeat(256)}{"b":1}${']}'.repeat(256)}`, true],
    ['brackets inside strings, which are not nesting', JSON.stringify({ a: '['.repeat(2000) }), false],
    ['escaped quotes that do not end a string', JSON.stringify({ a: `\\"${'['.repeat(2000)}` }), false],
    ['many shallow arrays side by side', `[${Array.from({ length: 2000 }, () => '[1]').join(',')}]`, false],
  ])('tells %s', (_name, text, deeper) => {
    expect(depthOf(JSON.parse(text)) > 512).toBe(deeper)
    expect(nestsDeeperThan(text, 512)).toBe(deeper)
  })

  it('reads an object\'s fields, and none from a list, a scalar or an empty body', () => {
    expect(readPhpJson(Buffer.from('{"display_name":"Biz"}'))).toEqual({ fields: { display_name: 'Biz' }, problem: undefined })
    for (const text of ['[{"display_name":"Biz"}]', '"Biz"', '12', '', '  ']) {
      expect(readPhpJson(Buffer.from(text))).toEqual({ fields: {}, problem: undefined })
    }
  })

  it('reads no fields, and says why, from a body json_decode refuses', () => {
    expect(readPhpJson(Buffer.from('{"a":'))).toEqual({ fields: {}, problem: expect.stringMatching(/^The JSON body could not be parsed: /) })
    expect(readPhpJson(Buffer.from([0x7b, 0x22, 0xc3, 0x22, 0x3a, 0x31, 0x7d]))).toEqual({ fields: {}, problem: 'The JSON body is not valid UTF-8.' })
    expect(readPhpJson(Buffer.from(`{"a":${nested(512)}}`))).toEqual({ fields: {}, problem: 'The JSON body nests deeper than 512 levels.' })
  })
})
