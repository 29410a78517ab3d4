import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hasPhpOnlyNumber, nestsDeeperThan, readPhpJson } from '../../server/http/php-json.js'

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

describe('finding the number literals json_decode reads otherwise than JSON.parse', () => {
  it.each([
    ['a float', '{"business_id":12.5}', { business_id: 12.5 }, true],
    ['an exponent', '{"business_id":1E5}', { business_id: 100000 }, true],
    ['16 digits in a row', '{"business_id":1234567890123456}', { business_id: 1234567890123456 }, true],
    ['15 digits', '{"business_id":123456789012345}', { business_id: 123456789012345 }, false],
    ['a float inside a string', '{"business_id":"12.5"}', { business_id: '12.5' }, false],
    ['a float in a key', '{"a1.5":1}', { 'a1.5': 1 }, false],
    ['an escaped quote before a float inside a string', '{"a":"\\"1.5"}', { a: '"1.5' }, false],
    ['true, false and null, whose e is no exponent', '[true,false,null,1]', [true, false, null, 1], false],
  ])('tells %s', (_name, text, value, found) => {
    // The text is the JSON it claims to be, so the answer is about that value.
    expect(JSON.parse(text)).toEqual(value)
    expect(hasPhpOnlyNumber(text)).toBe(found)
  })

  it('finds one exactly when a value holds a fraction, an exponent or an integer of 16 digits or more', () => {
    const needsPhp = (value: unknown): boolean => typeof value === 'number'
      ? !Number.isInteger(value) || Math.abs(value) >= 1e15
      : value !== null && typeof value === 'object' && Object.values(value).some(needsPhp)
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      expect(hasPhpOnlyNumber(JSON.stringify(value))).toBe(needsPhp(value))
    }), { numRuns: 2000 })
  })
})
