import { describe, expect, it } from 'vitest'
import { isLaravelUrl } from '../../server/activation/laravel-url.js'
import { createPhoneParser, isPhpInteger, isPresent, parseE164, phpIntegerString, phpTrim } from '../../server/activation/field-rules.js'

describe('the PHP integer rule', () => {
  it.each(['123', '-5', '+5', '0', ' 42 ', '9223372036854775807', '-9223372036854775808'])('accepts %j', (value) => {
    expect(isPhpInteger(value)).toBe(true)
  })

  it.each(['1.0', '1e3', '0123', '', 'abc', '12a', '--5', '0x1A', '9223372036854775808', '1 2', '١٢٣'])('rejects %j', (value) => {
    expect(isPhpInteger(value)).toBe(false)
  })

  it('accepts JSON integers and true, and rejects fractions, false, arrays and objects', () => {
    expect(isPhpInteger(123)).toBe(true)
    expect(isPhpInteger(true)).toBe(true)
    expect(isPhpInteger(1.5)).toBe(false)
    expect(isPhpInteger(false)).toBe(false)
    expect(isPhpInteger([1])).toBe(false)
    expect(isPhpInteger({ a: 1 })).toBe(false)
  })

  it('echoes the integer PHP would store', () => {
    expect(phpIntegerString('+5')).toBe('5')
    expect(phpIntegerString(' 123 ')).toBe('123')
    expect(phpIntegerString(true)).toBe('1')
    expect(phpIntegerString(77)).toBe('77')
  })
})

describe('Laravel required', () => {
  it('treats null, blank strings and empty arrays as missing, anything else as present', () => {
    expect([undefined, null, '', '  \t', [], {}].map(isPresent)).toEqual([false, false, false, false, false, false])
    expect(['x', 0, false, ['a'], { a: 1 }].map(isPresent)).toEqual([true, true, true, true, true])
  })
})

describe('E.164 numbers', () => {
  it('accepts valid numbers and tells their country', () => {
    expect(parseE164('+13236621127')).toEqual({ e164: '+13236621127', isoCode: 'US' })
    expect(parseE164('+919876543210')).toEqual({ e164: '+919876543210', isoCode: 'IN' })
  })

  it('answers through the memoised parser as parseE164 does, for a number asked again after thousands of others', () => {
    const parsePhone = createPhoneParser()
    const numbers = ['+13236621127', '+1323662112', '+919876543210', 'abc']
    const first = numbers.map(parsePhone)
    for (let i = 0; i < 2500; i++) expect(parsePhone(`+1323662${String(i).padStart(4, '0')}`)).toEqual(parseE164(`+1323662${String(i).padStart(4, '0')}`))
    expect(numbers.map(parsePhone)).toEqual(first)
    expect(first).toEqual(numbers.map(parseE164))
    expect(first).toEqual([{ e164: '+13236621127', isoCode: 'US' }, undefined, { e164: '+919876543210', isoCode: 'IN' }, undefined])
  })

  it.each(['13236621127', '+1 323 662 1127', '+1323662112', '+0123456789', '+1323662112712345', 'abc', '+12345'])('rejects %j', (value) => {
    expect(parseE164(value)).toBeUndefined()
    expect(createPhoneParser()(value)).toBeUndefined()
  })
})

// Laravel 8's url rule, as PHP answered each (the parity suite sends these to Laravel too).
describe('incoming URLs', () => {
  it('accepts what Laravel\'s url rule accepts: its schemes, user info, IPv6, ports, paths, queries, fragments', () => {
    const good = ['http://example.com', 'https://hooks.example.com/wa?x=1', 'ftp://example.com/x', 'HTTPS://EXAMPLE.COM', 'http://localhost:8080/x?y=1#z',
      'http://u:p@example.com', 'http://[::1]:80/', 'http://1.2.3.4', 'https://exämple.com', 'http://a.xn--p1ai', 'http://ab.', 'http://ab/%20b', 'http://a.b/?q=[1]']
    expect(good.filter((url) => !isLaravelUrl(url))).toEqual([])
  })

  it('refuses what it refuses: other schemes, no host, spaces, bad escapes and ports, two @', () => {
    const bad = ['mailto:a@b.c', 'example.com', 'https://', 'http://exa mple.com', 'javascript:alert(1)', '//example.com', 'http://a', 'http://a.b/%zz',
      'http://a.b:x', 'http://a/%20b', 'http://a@b@c.d', 'http://[::g]/', 'http://a.b/#x#y', 'foo://a.b']
    expect(bad.filter((url) => isLaravelUrl(url))).toEqual([])
  })
})

describe('PHP trim', () => {
  it('strips PHP\'s six trim characters from both ends and keeps them inside', () => {
    expect(phpTrim(' \t\n\r\0\x0Ba \t\n\r\0\x0Bb \t\n\r\0\x0B')).toBe('a \t\n\r\0\x0Bb')
  })

  it('keeps Unicode spaces and form feeds, which PHP\'s trim does not strip', () => {
    expect(phpTrim('\u00A0\fa\u2003')).toBe('\u00A0\fa\u2003')
  })

  it('returns an empty string for whitespace alone, and the same string when there is nothing to strip', () => {
    expect(phpTrim(' \t\0 ')).toBe('')
    expect(phpTrim('')).toBe('')
    expect(phpTrim('a b')).toBe('a b')
  })
})

describe('the PHP integer rule on long input', () => {
  it('rejects a megabyte of digits as out of range without parsing it', () => {
    expect(isPhpInteger('1'.repeat(1024 * 1024))).toBe(false)
    expect(isPhpInteger(' -9223372036854775808 ')).toBe(true)
  })
})
